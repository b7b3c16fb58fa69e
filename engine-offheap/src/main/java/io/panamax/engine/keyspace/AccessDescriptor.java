package io.panamax.engine.keyspace;

/**
 * Layout of the per-slot access word of a {@link BucketTable}: a parallel off-heap array of one little-endian u32 per
 * slot at byte offset {@code (bucket * 7 + index) * 4}, read by eviction and OBJECT without touching the record. Its
 * meaning follows the {@link EvictionPolicy}, as Redis's 24-bit {@code robj.lru} does (switching between LRU and LFU
 * policies at runtime reinterprets the words, so they take a while to adjust, as in Redis):
 *
 * <pre>
 *  not LFU policies (noeviction, *-lru, *-random, volatile-ttl):
 *   31                                                            0
 *  +---------------------------------------------------------------+
 *  |       last access, seconds since the epoch (u32, to 2106)     |
 *  +---------------------------------------------------------------+
 *
 *  LFU policies (allkeys-lfu, volatile-lfu), see {@link LfuCounter}:
 *   31            24 23                            8 7             0
 *  +---------------+-------------------------------+---------------+
 *  |   0 (unused)  | last decrement, minutes mod 2^16 |  counter    |
 *  +---------------+-------------------------------+---------------+
 * </pre>
 *
 * <p><b>Cost.</b> 4 bytes per slot (28 per 64-byte bucket), 4.6..6.9 bytes per key at the table's load.
 */
public final class AccessDescriptor {
  /** Bytes of one access word. */
  public static final int WORD_BYTES = 4;
  /** Access-word bytes per bucket. */
  public static final int BYTES_PER_BUCKET = WORD_BYTES * BucketDescriptor.SLOTS;

  private AccessDescriptor() {}

  /** Byte offset of the word of {@code (bucket, index)} in a table's access array. */
  public static long wordOffset(int bucket, int index) {
    return ((long) bucket * BucketDescriptor.SLOTS + index) * WORD_BYTES;
  }

  /** The word of an access at {@code nowMs} under a non-LFU policy. */
  public static int lruWord(long nowMs) {
    return (int) (nowMs / 1000);
  }

  /** Seconds from the access recorded in a non-LFU {@code word} to {@code nowMs} (0 if the clock went back). */
  public static long idleSeconds(int word, long nowMs) {
    return Math.max(0, nowMs / 1000 - Integer.toUnsignedLong(word));
  }
}
