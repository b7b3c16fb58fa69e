package io.panamax.engine.collection;

/**
 * Layout of a list value (Redis's quicklist role): a doubly linked chain of nodes, each a keyspace chunk packing
 * entries back to back. In memory only, never persisted, so native byte order.
 *
 * <p>The key's value bytes are a fixed 32-byte header:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+-----------------------------------------------+
 *  | encoding = 2  |                   reserved                    |
 *  +---------------+-----------------------------------------------+
 *  |                       node count (u32)                        |
 *  +---------------------------------------------------------------+
 *  |                    element count (u64)                        |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 head node handle + 1 (u64, 0 = none)          |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 tail node handle + 1 (u64, 0 = none)          |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A node chunk: a 32-byte header, then {@code used} bytes of entries in list order, then free room up to {@code
 * capacity}. Pushes fill the end nodes up to {@link #MAX_NODE_ENTRY_BYTES} (Redis's {@code list-max-listpack-size
 * -2}, 8 KiB), growing a node's capacity by doubling; a full end node gets a new neighbour. An entry is a length (one
 * byte below 255, else 0xFF and a u32) and the element bytes.
 *
 * <p>An interior node (both neighbours present) may be stored compressed: then the top bit of the capacity field is
 * set ({@link #COMPRESSED_FLAG}), its low 31 bits are the length of the zstd frame that follows the header in place
 * of the entries, and {@code used} and the entry count still describe the entries it decompresses to.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                 previous node handle + 1 (u64)                |
 *  +---------------------------------------------------------------+
 *  |                   next node handle + 1 (u64)                  |
 *  +-------------------------------+-------------------------------+
 *  |      entry count (u32)        |     used entry bytes (u32)    |
 *  +-------------------------------+-------------------------------+
 *  |   entry capacity bytes (u32)  |     modification stamp (u32)  |
 *  +-------------------------------+-------------------------------+
 *  | len | element bytes ... | len | element bytes ... |   free    |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class QuickListDescriptor {
  private QuickListDescriptor() {}

  /** u8 in the value header. */
  public static final int ENCODING_OFFSET = 0;
  /** Encoding byte of lists. */
  public static final byte QUICKLIST = 2;
  /** u32 in the value header. */
  public static final int NODE_COUNT_OFFSET = 4;
  /** u64 in the value header. */
  public static final int LENGTH_OFFSET = 8;
  /** u64 in the value header: head node handle + 1. */
  public static final int HEAD_OFFSET = 16;
  /** u64 in the value header: tail node handle + 1. */
  public static final int TAIL_OFFSET = 24;
  /** Value bytes of a list. */
  public static final int HEADER_BYTES = 32;

  /** u64 in a node: previous node handle + 1. */
  public static final int NODE_PREV_OFFSET = 0;
  /** u64 in a node: next node handle + 1. */
  public static final int NODE_NEXT_OFFSET = 8;
  /** u32 in a node: entries. */
  public static final int NODE_ENTRIES_OFFSET = 16;
  /** u32 in a node: bytes of entries. */
  public static final int NODE_USED_OFFSET = 20;
  /** u32 in a node: room for entry bytes. */
  public static final int NODE_CAPACITY_OFFSET = 24;
  /**
   * u32 in a node: a stamp that changes with every change of the node's entry layout (per-thread counter, never 0
   * once set), so that a shard can cache the node's entry offsets ({@code NodeOffsets}) and know when they are stale.
   */
  public static final int NODE_STAMP_OFFSET = 28;
  /** Bytes before the first entry of a node. */
  public static final int NODE_HEADER_BYTES = 32;
  /** Entry bytes past which pushes start a new node. */
  public static final int MAX_NODE_ENTRY_BYTES = 8192;
  /** Smallest entry capacity of a new node. */
  public static final int MIN_NODE_CAPACITY = 32;
  /** Top bit of the capacity field: the node's entries are stored as one zstd frame of the low 31 bits' length. */
  public static final int COMPRESSED_FLAG = 0x8000_0000;
  /** Entry bytes below which an interior node stays raw (too small to pay for its frame). */
  public static final int MIN_COMPRESS_BYTES = 256;
  /** Entry bytes above which a node stays raw (one grown past 8 KiB by LINSERT/LSET, or holding a huge element). */
  public static final int MAX_COMPRESS_BYTES = 64 << 10;
  /** Length byte announcing a u32 length. */
  public static final int LONG_LENGTH_MARK = 0xFF;

  /** Bytes of an entry holding {@code length} element bytes. */
  public static int entryBytes(int length) {
    return (length < LONG_LENGTH_MARK ? 1 : 5) + length;
  }
}
