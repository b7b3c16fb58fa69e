package io.panamax.engine.keyspace;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/** On-heap key for the model: byte content equality. */
record ByteKey(byte[] bytes) {
  static ByteKey of(String s) {
    return new ByteKey(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static ByteKey of(MemorySegment segment, long offset, int length) {
    return new ByteKey(segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
  }

  MemorySegment heap() {
    return MemorySegment.ofArray(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteKey other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
