package io.panamax.engine.collection;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.openhft.hashing.LongHashFunction;

/** Low 32 bits of XXH3 (seed 0) of a field's bytes; native and heap segments of the same bytes hash alike. */
final class FieldHash {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private FieldHash() {}

  static int of(MemorySegment field) {
    long length = field.byteSize();
    if (field.isNative()) {
      return (int) XXH3.hashMemory(field.address(), length);
    }
    if (field.heapBase().orElse(null) instanceof byte[] array) {
      return (int) XXH3.hashBytes(array, (int) field.address(), (int) length);
    }
    byte[] copy = new byte[(int) length];
    MemorySegment.copy(field, ValueLayout.JAVA_BYTE, 0, copy, 0, (int) length);
    return (int) XXH3.hashBytes(copy);
  }
}
