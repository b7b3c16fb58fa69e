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
 * <p><b>Skiplist</b>: the value bytes are a {@link FieldMapDescriptor} table header followed by a 32-byte skiplist
 * header. Each member is ONE chunk: its field map entry, whose value bytes are the skiplist node (score, backward
 * link, and {@code level} pairs of (forward link, span)), so a node handle is the entry's chunk handle and comparing
 * nodes reads the member from the same chunk. The level is not stored: it is {@code (value length - 16) / 12}. Links
 * are {@code handle + 1} (0 = none) and name entry chunks; the node fields start after the entry header and the
 * member, at {@code chunk + 12 + member length}. The head is an entry-shaped chunk with an empty member and
 * {@link #MAX_LEVEL} levels that is in no table. Spans are u32: a set holds fewer than 2^32 members.
 *
 * <pre>
 *  value bytes 40..71:                              member chunk (a field map entry):
 *  +-------------------------------------------+    +--------------------------------------------+
 *  |        head node handle (u64)             |    | hash (u32) | member length | value length  |
 *  +-------------------------------------------+    +--------------------------------------------+
 *  |        tail node handle + 1 (u64)         |    |  member bytes ...                          |
 *  +---------------------+---------------------+    +--------------------------------------------+
 *  |   level (u32)       |     reserved        |    |  score (IEEE double)                       |
 *  +---------------------+---------------------+    +--------------------------------------------+
 *  |        length (u64)                       |    |  backward node handle + 1 (u64)            |
 *  +-------------------------------------------+    +--------------------------------------------+
 *                                                   |  level x: forward handle + 1 (u64),        |
 *                                                   |           span (u32)                       |
 *                                                   +--------------------------------------------+
 * </pre>
 *
 * <p>With 16-byte members and Redis's level probability 1/4 a member costs 56 B (one level), 72, 80, 96 ... B: about
 * 61 B on average plus 8-16 B of member table slot.
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

  /** Node (in the entry's value bytes): score. */
  public static final int NODE_SCORE_OFFSET = 0;
  /** Node: backward node handle + 1. */
  public static final int NODE_BACKWARD_OFFSET = 8;
  /** Node: first level. */
  public static final int NODE_LEVELS_OFFSET = 16;
  /** Bytes per level: forward handle + 1 (u64), span (u32). */
  public static final int LEVEL_BYTES = 12;
  /** Most levels (as Redis's ZSKIPLIST_MAXLEVEL). */
  public static final int MAX_LEVEL = 32;
}
