package io.panamax.engine.keyspace;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.openhft.hashing.LongHashFunction;

/**
 * XXH3 (64-bit, seed 0) of key bytes, for caller keys (native or heap segments) and record keys (native). Native and
 * heap inputs of the same bytes hash alike. Holds a scratch array for heap segments without an accessible byte[].
 */
final class KeyHasher {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private byte[] scratch = new byte[64];

  /**
   * Hash of all bytes of {@code key}.
   *
   * @throws IllegalArgumentException if the key segment is no longer alive or too long.
   */
  long hashKey(MemorySegment key) {
    long length = key.byteSize();
    if (length > RecordDescriptor.MAX_LENGTH_BYTES) {
      throw new IllegalArgumentException("keyLength=" + length);
    }
    if (!key.scope().isAlive()) {
      throw new IllegalArgumentException("key segment is not alive: key=" + key);
    }
    if (key.isNative()) {
      return XXH3.hashMemory(key.address(), length);
    }
    if (key.heapBase().orElse(null) instanceof byte[] array) {
      return XXH3.hashBytes(array, (int) key.address(), (int) length);
    }
    if (scratch.length < length) {
      scratch = new byte[(int) Math.max(length, scratch.length * 2L)];
    }
    MemorySegment.copy(key, ValueLayout.JAVA_BYTE, 0, scratch, 0, (int) length);
    return XXH3.hashBytes(scratch, 0, (int) length);
  }

  /** Hash of {@code length} bytes at {@code offset} of the native segment {@code page}. */
  static long hashNative(MemorySegment page, long offset, int length) {
    return XXH3.hashMemory(page.address() + offset, length);
  }
}
