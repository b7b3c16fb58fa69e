package io.panamax.engine.keyspace;

/**
 * Layout of one 64-byte, cache-line-aligned bucket of the keyspace hash table: 7 slots, each an 8-byte ref ({@link
 * RefDescriptor}), with a tag byte per slot and one overflow-count byte, so one 8-byte load reads all the tags.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+---------------+---------------+
 *  |    tag 0      |    tag 1      |    tag 2      |    tag 3      |  bytes 0..3
 *  +---------------+---------------+---------------+---------------+
 *  |    tag 4      |    tag 5      |    tag 6      |  overflow     |  bytes 4..7
 *  +---------------+---------------+---------------+---------------+
 *  |                        slot 0 ref (i64)                      ...  bytes 8..15
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |                          ... slots 1..5 ...                   |
 *  +---------------------------------------------------------------+
 *  |                        slot 6 ref (i64)                      ...  bytes 56..63
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *
 *  tag byte:  0x00 = empty;  1hhh hhhh = full, h = 7 low bits of the key's XXH3 hash.
 *  overflow:  how many entries were placed past this bucket by an insert that found it full
 *             (saturates at 255, then stays until the table is rebuilt).
 * </pre>
 *
 * <p>Probing is linear over buckets: an entry whose home bucket is {@code h} sits in {@code h}, {@code h+1}, ... (mod
 * the bucket count), and every bucket it skipped has its overflow count raised. A lookup stops at the first bucket
 * whose overflow count is 0, so a delete can empty its slot outright: there are no tombstones (the overflow counts of
 * the buckets it had skipped go down again). The home bucket is taken from the high 32 bits of the hash by
 * multiply-shift, so bucket order is hash order for any table size; SCAN relies on that.
 */
public final class BucketDescriptor {
  /** Bytes per bucket (one cache line). */
  public static final int BUCKET_BYTES = 64;
  /** log2 of {@link #BUCKET_BYTES}. */
  public static final int BUCKET_SHIFT = 6;
  /** Slots per bucket. */
  public static final int SLOTS = 7;
  /** Offset of the tag of slot 0; slot i's tag is at {@code TAGS_OFFSET + i}. */
  public static final int TAGS_OFFSET = 0;
  /** Offset of the overflow-count byte. */
  public static final int OVERFLOW_OFFSET = 7;
  /** Offset of slot 0; slot i is at {@code SLOTS_OFFSET + 8 * i}. */
  public static final int SLOTS_OFFSET = 8;
  /** Tag of an empty slot. */
  public static final int EMPTY_TAG = 0;
  /** Bit set in the tag of a full slot. */
  public static final int FULL_BIT = 0x80;
  /** Overflow count that no longer changes. */
  public static final int OVERFLOW_SATURATED = 0xFF;

  /** Bytes 0..6 of a tag word: the slot tags (byte 7 is the overflow count). */
  public static final long TAG_BYTES = 0x00FF_FFFF_FFFF_FFFFL;

  private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long SLOT_BYTES_HIGH = 0x0080_8080_8080_8080L; // the high bit of bytes 0..6 (not overflow)

  private BucketDescriptor() {}

  /** Tag for a hash: the full bit plus its 7 low bits. */
  public static int tag(long hash) {
    return FULL_BIT | (int) (hash & 0x7F);
  }

  /**
   * SWAR match of the little-endian tag word (bytes 0..7 of a bucket) against {@code tag}: returns a word with bit 7 of
   * byte i set exactly when slot i's tag equals {@code tag} (i = 0..6). Iterate with {@code
   * numberOfTrailingZeros(m) >>> 3} and {@code m &= m - 1}. Exact (no false positives).
   */
  public static long match(long tagWord, int tag) {
    long x = tagWord ^ (ONES * tag);
    return ~(((x & LOW7) + LOW7) | x | LOW7) & SLOT_BYTES_HIGH;
  }

  /** Bit 7 of byte i set exactly when slot i is full (i = 0..6). */
  public static long fullMask(long tagWord) {
    return tagWord & SLOT_BYTES_HIGH;
  }

  /** Overflow count from a tag word. */
  public static int overflow(long tagWord) {
    return (int) (tagWord >>> 56);
  }
}
