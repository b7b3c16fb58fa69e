package io.panamax.engine.keyspace;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of a keyspace record in its slab chunk. Two formats, chosen per record and told apart by the C bit of the
 * ref ({@link RefDescriptor}). All integers little-endian, chunks 8-byte aligned, so expireAtMs is aligned.
 *
 * <p>Full record (any key and value length):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     key length (u32)                          |
 *  +---------------------------------------------------------------+
 *  |                    value length (u32)                         |
 *  +---------------------------------------------------------------+
 *  |             expireAtMs (i64), only when T is set             ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |                      key bytes                               ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |                     value bytes                              ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Compact record, used when key length is at most {@link #COMPACT_MAX_KEY_BYTES} and the whole record (expireAtMs +
 * key + value) is 1..{@link #COMPACT_MAX_RECORD_BYTES} bytes, i.e. fits a slab class with 8-byte steps: the key
 * length lives in the ref and the value length is derived as {@code chunkBytes - (T ? 8 : 0) - keyLength - slack},
 * with the slack (0..7) in the ref. This saves the 8-byte header, which for a 16-byte key and 64-byte value is the
 * difference between an 88-byte and an 80-byte chunk.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |             expireAtMs (i64), only when T is set             ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |                      key bytes                               ...
 *  +---------------------------------------------------------------+
 *  |                     value bytes                              ...
 *  +---------------------------------------------------------------+
 *  |               slack (0..7 unused bytes)                       |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class RecordDescriptor {
  /** Offset of the key length in a full record. */
  public static final int KEY_LENGTH_OFFSET = 0;
  /** Offset of the value length in a full record. */
  public static final int VALUE_LENGTH_OFFSET = 4;
  /** Bytes of the full-record header. */
  public static final int FULL_HEADER_BYTES = 8;
  /** Bytes of the optional expireAtMs field. */
  public static final int EXPIRE_BYTES = 8;
  /** Largest key length a compact record can hold. */
  public static final int COMPACT_MAX_KEY_BYTES = RefDescriptor.KEY_LENGTH_MASK;
  /** Largest compact record (the last 8-byte-step slab class). */
  public static final int COMPACT_MAX_RECORD_BYTES = 128;
  /** Largest key or value length the keyspace accepts. */
  public static final int MAX_LENGTH_BYTES = Integer.MAX_VALUE - 64;

  /** Layout of the u32 lengths (little-endian, aligned). */
  public static final ValueLayout.OfInt LENGTH_LAYOUT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
  /** Layout of expireAtMs (little-endian, aligned). */
  public static final ValueLayout.OfLong EXPIRE_LAYOUT = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

  private RecordDescriptor() {}

  /** Bytes of a compact record, or -1 if these lengths cannot be compact. */
  public static long compactRecordBytes(long keyLength, long valueLength, boolean ttl) {
    long bytes = (ttl ? EXPIRE_BYTES : 0) + keyLength + valueLength;
    return keyLength <= COMPACT_MAX_KEY_BYTES && bytes >= 1 && bytes <= COMPACT_MAX_RECORD_BYTES ? bytes : -1;
  }

  /** Bytes of a full record. */
  public static long fullRecordBytes(long keyLength, long valueLength, boolean ttl) {
    return FULL_HEADER_BYTES + (ttl ? EXPIRE_BYTES : 0) + keyLength + valueLength;
  }

  /** Whether a record of these lengths uses the compact format. */
  public static boolean compactFits(long keyLength, long valueLength, boolean ttl) {
    return compactRecordBytes(keyLength, valueLength, ttl) > 0;
  }

  /** Bytes of the record of these lengths in the format it gets (compact when it fits, else full). */
  public static long recordBytes(long keyLength, long valueLength, boolean ttl) {
    long compact = compactRecordBytes(keyLength, valueLength, ttl);
    return compact > 0 ? compact : fullRecordBytes(keyLength, valueLength, ttl);
  }

  /** Offset of the key from the start of the record of {@code ref}. */
  public static int keyStart(long ref) {
    return (RefDescriptor.isCompact(ref) ? 0 : FULL_HEADER_BYTES) + (RefDescriptor.hasTtl(ref) ? EXPIRE_BYTES : 0);
  }

  /** Offset of expireAtMs from the start of the record of {@code ref} (when T is set). */
  public static int expireStart(long ref) {
    return RefDescriptor.isCompact(ref) ? 0 : FULL_HEADER_BYTES;
  }
}
