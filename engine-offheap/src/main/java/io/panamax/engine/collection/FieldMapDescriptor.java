package io.panamax.engine.collection;

import java.lang.foreign.ValueLayout;

/**
 * Layout of a field map: the value of a hash (field -> value) or a set (member -> empty value) key. In memory only,
 * never persisted, so native byte order. Two encodings, told apart by the first value byte.
 *
 * <p><b>Packed</b> (Redis's listpack role): every entry inline in the key's value bytes, in insertion order, for at
 * most {@link #MAX_PACKED_ENTRIES} entries whose fields and values are all at most {@link #MAX_PACKED_LENGTH} bytes
 * (Redis 7's defaults {@code hash-max-listpack-entries 512} and {@code hash-max-listpack-value 64}, so OBJECT
 * ENCODING answers as Redis does). Inserting appends, removing
 * shifts the tail down, through {@code Keyspace.put(..., PRESERVE_VALUE)}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+-----------------------------------------------+
 *  | encoding = 0  |                   reserved                    |
 *  +---------------+-----------------------------------------------+
 *  |                        entry count (u32)                      |
 *  +---------------+-----------------------------------------------+
 *  | field length  |  field bytes ...                              |
 *  +---------------+-----------------------------------------------+
 *  | value length  |  value bytes ...                 (repeated)   |
 *  +---------------+-----------------------------------------------+
 * </pre>
 *
 * <p><b>Table</b> (Redis's hashtable role): the value bytes are a fixed 40-byte header naming an open-addressing table
 * (linear probing, backward-shift deletion, power-of-two capacity, at most 3/4 full) allocated as a keyspace chunk;
 * each slot (u64, 0 = empty) holds {@code entryHandle + 1} of an entry chunk in its low {@link #SLOT_HANDLE_BITS} bits
 * and the low {@link #SLOT_TAG_BITS} bits of the field's hash above them (the tag), as a Swiss table keeps hash bits
 * beside its slots: a probe dereferences an entry only when the tag matches, and for a table of at most 2^24 slots the
 * home slot of an entry ({@code hash & (capacity - 1)}) is known from the tag alone, so moving entries during a resize
 * or a backward shift touches no entry chunk. Entry handles must therefore stay below 2^40 (a page index below 2^20:
 * a terabyte of slab pages or a million large allocations per keyspace); an insert that would get a larger handle
 * fails as out of memory.
 *
 * <p>Resizing is incremental, as Redis's dict rehash: growing (past 3/4) or shrinking (under 1/8) allocates the new
 * table, makes it the table of the header and keeps the previous one as the <i>draining</i> table, whose capacity is
 * non-zero until it is empty. Every entry is in exactly one of the two. Each insert and removal first moves the
 * entries of a few whole probe runs of the draining table, from its slot {@code drain cursor} upwards, into the table
 * (slots below the cursor are empty), so the draining table stays a valid linear-probing table; new entries go to the
 * table only. Lookups probe both.
 *
 * <pre>
 *  value bytes:                                          entry chunk:
 *  +---------------+-------------------------------+    +-------------------------------+
 *  | encoding = 1  |           reserved            |    |   field hash, low 32 bits     |
 *  +---------------+-------------------------------+    +-------------------------------+
 *  |              entry count (u32)                |    |      field length (u32)       |
 *  +-----------------------------------------------+    +-------------------------------+
 *  |          table chunk handle (u64)             |    |      value length (u32)       |
 *  |                                               |    +-------------------------------+
 *  +-----------------------------------------------+    |  field bytes, value bytes ... |
 *  |          table capacity, slots (u32)          |    +-------------------------------+
 *  +-----------------------------------------------+
 *  |                  reserved                     |
 *  +-----------------------------------------------+
 *  |      draining table chunk handle (u64)        |
 *  |                                               |
 *  +-----------------------------------------------+
 *  |  draining table capacity (u32), 0 = none      |
 *  +-----------------------------------------------+
 *  |  drain cursor: its first slot not yet drained |
 *  +-----------------------------------------------+
 * </pre>
 */
public final class FieldMapDescriptor {
  private FieldMapDescriptor() {}

  /** u8: {@link #PACKED} or {@link #TABLE}. */
  public static final int ENCODING_OFFSET = 0;
  /** Encoding byte of the packed form. */
  public static final byte PACKED = 0;
  /** Encoding byte of the table form. */
  public static final byte TABLE = 1;
  /** u32: number of entries, both encodings. */
  public static final int COUNT_OFFSET = 4;
  /** Bytes before the first packed entry. */
  public static final int PACKED_HEADER_BYTES = 8;
  /** Most entries kept packed. */
  public static final int MAX_PACKED_ENTRIES = 512;
  /** Longest field or value kept packed (fits the u8 length prefix). */
  public static final int MAX_PACKED_LENGTH = 64;
  /** u64: handle of the table chunk. */
  public static final int TABLE_HANDLE_OFFSET = 8;
  /** u32: slots of the table, a power of two. */
  public static final int TABLE_CAPACITY_OFFSET = 16;
  /** u64: handle of the draining table chunk (meaningful while {@link #DRAIN_CAPACITY_OFFSET} is non-zero). */
  public static final int DRAIN_HANDLE_OFFSET = 24;
  /** u32: slots of the draining table, 0 when no resize is in progress. */
  public static final int DRAIN_CAPACITY_OFFSET = 32;
  /** u32: slots of the draining table below this are empty. */
  public static final int DRAIN_CURSOR_OFFSET = 36;
  /** Value bytes of the table form. */
  public static final int TABLE_HEADER_BYTES = 40;
  /** Bytes per table slot. */
  public static final int SLOT_BYTES = 8;
  /** Low bits of a slot holding the entry handle + 1. */
  public static final int SLOT_HANDLE_BITS = 40;
  /** High bits of a slot holding the low bits of the field's hash. */
  public static final int SLOT_TAG_BITS = 24;
  /** Mask of the entry handle + 1 in a slot. */
  public static final long SLOT_HANDLE_MASK = (1L << SLOT_HANDLE_BITS) - 1;
  /** Mask of the hash bits kept in the tag. */
  public static final int SLOT_TAG_MASK = (1 << SLOT_TAG_BITS) - 1;
  /** Smallest table capacity (holds {@link #MAX_PACKED_ENTRIES} + 1 entries under 3/4 load). */
  public static final int MIN_CAPACITY = 1024;
  /** Largest table capacity. */
  public static final int MAX_CAPACITY = 1 << 30;
  /** u32 in an entry chunk: low 32 bits of the field's hash. */
  public static final int ENTRY_HASH_OFFSET = 0;
  /** u32 in an entry chunk. */
  public static final int ENTRY_FIELD_LENGTH_OFFSET = 4;
  /** u32 in an entry chunk. */
  public static final int ENTRY_VALUE_LENGTH_OFFSET = 8;
  /** Bytes before the field in an entry chunk. */
  public static final int ENTRY_HEADER_BYTES = 12;

  static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
  static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;

  /** Whether a field and value of these lengths may stay in the packed encoding. */
  public static boolean packable(long fieldLength, long valueLength) {
    return fieldLength <= MAX_PACKED_LENGTH && valueLength <= MAX_PACKED_LENGTH;
  }

  /** Bytes of one packed entry. */
  public static int packedEntryBytes(int fieldLength, int valueLength) {
    return 2 + fieldLength + valueLength;
  }
}
