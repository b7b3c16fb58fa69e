package io.panamax.engine.collection;

/**
 * Layout of a sorted set value. In memory only, never persisted, so native byte order. Two encodings, told apart by
 * the first value byte.
 *
 * <p><b>Packed</b> (Redis's listpack role, up to {@link #MAX_PACKED_ENTRIES} members of at most {@link
 * #MAX_PACKED_LENGTH} bytes, Redis 7's {@code zset-max-listpack-entries 128} / {@code zset-max-listpack-value 64}):
 * entries inline in the value bytes, sorted by (score, member bytes unsigned).
 *
 * <pre>
 *  +---------------+-----------------------------------------------+
 *  | encoding = 3  |                   reserved                    |
 *  +---------------+-----------------------------------------------+
 *  |                        entry count (u32)                      |
 *  +---------------------------------------------------------------+
 *  |                  score (IEEE double, 8 bytes)                 |
 *  +---------------+-----------------------------------------------+
 *  | member length |  member bytes ...                (repeated)   |
 *  +---------------+-----------------------------------------------+
 * </pre>
 *
 * <p><b>Skiplist</b>: the value bytes are a {@link FieldMapDescriptor} table header (member -> 8-byte node handle;
 * the member bytes live only in the field map entry) followed by a 32-byte skiplist header; each element is a node
 * chunk with its score, the handle of its field map entry, a backward link and up to {@link #MAX_LEVEL} levels of
 * (forward link, span), giving O(log n) rank and seek by score.
 *
 * <pre>
 *  value bytes 24..55:                              node chunk:
 *  +-------------------------------------------+    +--------------------------------------------+
 *  |        head node handle (u64)             |    |     score (IEEE double)                    |
 *  +-------------------------------------------+    +--------------------------------------------+
 *  |        tail node handle + 1 (u64)         |    |     field map entry handle (u64)           |
 *  +---------------------+---------------------+    +--------------------------------------------+
 *  |   level (u32)       |     reserved        |    |     backward node handle + 1 (u64)         |
 *  +---------------------+---------------------+    +---------------------+----------------------+
 *  |        length (u64)                       |    |   level (u32)       |      reserved        |
 *  +-------------------------------------------+    +---------------------+----------------------+
 *                                                   | level x (forward handle + 1 u64, span u64) |
 *                                                   +--------------------------------------------+
 * </pre>
 */
public final class SortedSetDescriptor {
  private SortedSetDescriptor() {}

  /** Encoding byte of the packed form (FieldMapDescriptor.TABLE marks the skiplist form). */
  public static final byte PACKED = 3;
  /** Most members kept packed. */
  public static final int MAX_PACKED_ENTRIES = 128;
  /** Longest member kept packed. */
  public static final int MAX_PACKED_LENGTH = 64;
  /** Bytes before the first packed entry. */
  public static final int PACKED_HEADER_BYTES = 8;
  /** Packed entry bytes before the member. */
  public static final int PACKED_ENTRY_HEADER_BYTES = 9;

  /** Offset of the skiplist header in the value bytes. */
  public static final int SKIPLIST_OFFSET = FieldMapDescriptor.TABLE_HEADER_BYTES;
  /** u64 in the skiplist header. */
  public static final int HEAD_OFFSET = SKIPLIST_OFFSET;
  /** u64 in the skiplist header: tail node handle + 1. */
  public static final int TAIL_OFFSET = SKIPLIST_OFFSET + 8;
  /** u32 in the skiplist header. */
  public static final int LEVEL_OFFSET = SKIPLIST_OFFSET + 16;
  /** u64 in the skiplist header. */
  public static final int LENGTH_OFFSET = SKIPLIST_OFFSET + 24;
  /** Bytes of the skiplist header. */
  public static final int SKIPLIST_HEADER_BYTES = 32;

  /** Node: score. */
  public static final int NODE_SCORE_OFFSET = 0;
  /** Node: field map entry handle. */
  public static final int NODE_ENTRY_OFFSET = 8;
  /** Node: backward node handle + 1. */
  public static final int NODE_BACKWARD_OFFSET = 16;
  /** Node: level. */
  public static final int NODE_LEVEL_OFFSET = 24;
  /** Node: first level. */
  public static final int NODE_LEVELS_OFFSET = 32;
  /** Bytes per level: forward handle + 1, span. */
  public static final int LEVEL_BYTES = 16;
  /** Most levels (as Redis's ZSKIPLIST_MAXLEVEL). */
  public static final int MAX_LEVEL = 32;
}
