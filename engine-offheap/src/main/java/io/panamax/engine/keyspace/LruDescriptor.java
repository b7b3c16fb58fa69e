package io.panamax.engine.keyspace;

/**
 * Layout of the exact LRU list of a {@link Keyspace}: an intrusive doubly linked list threaded through a parallel
 * off-heap array beside each {@link BucketTable}, one 8-byte node per slot, so a node is found from the slot of its
 * entry and an entry from its node without touching the record.
 *
 * <p>Node of slot {@code (bucket, index)} at byte offset {@code (bucket * 7 + index) * 8} of the table's LRU array:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |             prev pointer (i32, toward most recent)            |
 *  +---------------------------------------------------------------+
 *  |             next pointer (i32, toward least recent)           |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A pointer names a slot of either table while a growth is in progress:
 *
 * <pre>
 *   31 30                                        3 2     0
 *  +--+-------------------------------------------+-------+
 *  |P |             bucket (28 bits)              | index |
 *  +--+-------------------------------------------+-------+
 *   P: parity of the table the slot is in (tables alternate parity at each growth, so the old and the new
 *      table always differ); {@link #NIL} = -1 (index 7, never a slot) ends the list.
 * </pre>
 *
 * <p>Entries never move inside a table (deletes leave no tombstones and shift nothing), so nodes only move when a
 * growth migrates an entry, which relinks its two neighbours in O(1). A replaced record keeps its slot and node.
 *
 * <p><b>Cost.</b> 8 bytes per slot, i.e. 56 bytes per 64-byte bucket (the table costs 120 bytes per bucket instead
 * of 64), which at the table's load of 7/16..7/8 is 9.1..18.3 bytes per key; measured 10 B/key at 1M keys of 16 B
 * with 64 B values (see KeyspaceFootprintTest). No heap allocation per access: a touch is at most six int stores.
 */
public final class LruDescriptor {
  /** Bytes of one node. */
  public static final int NODE_BYTES = 8;
  /** Offset of the prev pointer in a node. */
  public static final int PREV_OFFSET = 0;
  /** Offset of the next pointer in a node. */
  public static final int NEXT_OFFSET = 4;
  /** LRU array bytes per bucket. */
  public static final int BYTES_PER_BUCKET = NODE_BYTES * BucketDescriptor.SLOTS;
  /** The end-of-list pointer. */
  public static final int NIL = -1;

  private static final int PARITY_BIT = 1 << 31;

  private LruDescriptor() {}

  /** Pointer to slot {@code index} of {@code bucket} in the table of parity {@code parity} (0 or 1). */
  public static int pointer(int parity, int bucket, int index) {
    return (parity << 31) | (bucket << 3) | index;
  }

  /** Parity of the table a pointer names. */
  public static int parity(int pointer) {
    return pointer >>> 31;
  }

  /** Bucket a pointer names. */
  public static int bucket(int pointer) {
    return (pointer & ~PARITY_BIT) >>> 3;
  }

  /** Slot index in the bucket a pointer names. */
  public static int index(int pointer) {
    return pointer & 7;
  }

  /** Byte offset of the node of {@code (bucket, index)} in a table's LRU array. */
  public static long nodeOffset(int bucket, int index) {
    return ((long) bucket * BucketDescriptor.SLOTS + index) * NODE_BYTES;
  }
}
