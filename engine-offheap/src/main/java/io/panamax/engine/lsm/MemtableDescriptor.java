package io.panamax.engine.lsm;

/**
 * Layout of one skiplist node inside a memtable's arena segment (native byte order: never persisted). Nodes are
 * 8-byte aligned so that {@code next} links can be published with release stores and read with acquire loads.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Sequence Number (64 bits)                  |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         Key Length                            |
 *  +---------------------------------------------------------------+
 *  |                Value Length (-1 = tombstone)                  |
 *  +---------------------------------------------------------------+
 *  |                           Height                              |
 *  +---------------------------------------------------------------+
 *  |     Hash Next (offset / 8 of the next chain node, 0 = none)   |
 *  +---------------------------------------------------------------+
 *  |          next[0] ... next[height-1] (64-bit offsets)         ...
 *  +---------------------------------------------------------------+
 *  |                  Key bytes, then value bytes                 ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A {@code next} of 0 means "no successor" (offset 0 is the head node, never a successor).
 *
 * <p>The hash index is a separate array of {@link #bucketCount} 32-bit buckets in the same arena, each holding
 * offset / 8 of the first node of its chain (0 = empty); {@code Hash Next} continues the chain. A chain holds one
 * node per key, its newest version; the bucket of a key is {@code Keys.hash64(key) & (bucketCount - 1)} (XXH3).
 */
final class MemtableDescriptor {
    /** Offset of the 64-bit sequence number. */
    static final int SEQUENCE_OFFSET = 0;
    /** Offset of the 32-bit key length. */
    static final int KEY_LENGTH_OFFSET = 8;
    /** Offset of the 32-bit value length; -1 marks a tombstone. */
    static final int VALUE_LENGTH_OFFSET = 12;
    /** Offset of the 32-bit tower height. */
    static final int HEIGHT_OFFSET = 16;
    /** Offset of the 32-bit hash-chain link: offset / 8 of the next node in this node's bucket, 0 = none. */
    static final int HASH_NEXT_OFFSET = 20;
    /** Offset of next[0]; next[i] is at {@code NEXT_OFFSET + 8 * i}. */
    static final int NEXT_OFFSET = 24;
    /** Tallest tower; with branching 4 this serves about 4^12 = 16M entries per memtable at full speed. */
    static final int MAX_HEIGHT = 12;
    /** Value length stored for a delete marker. */
    static final int TOMBSTONE = -1;

    private MemtableDescriptor() {}

    /** Arena bytes per hash bucket: one bucket per 128 bytes of capacity, about one node per bucket when full. */
    static final int BYTES_PER_BUCKET = 128;

    /** Buckets of the hash index of a memtable of {@code capacityBytes}: a power of two, at least 64. */
    static int bucketCount(long capacityBytes) {
        long want = Math.max(64, capacityBytes / BYTES_PER_BUCKET);
        return (int) Math.min(1 << 30, Long.highestOneBit(want - 1) << 1);
    }

    /** Bytes one node takes: header, tower, key and value, rounded up to 8. */
    static long nodeBytes(int height, long keyLength, long valueLength) {
        long raw = NEXT_OFFSET + 8L * height + keyLength + Math.max(0, valueLength);
        return (raw + 7) & ~7L;
    }
}
