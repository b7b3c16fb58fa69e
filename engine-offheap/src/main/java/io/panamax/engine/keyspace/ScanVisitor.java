package io.panamax.engine.keyspace;

import java.lang.foreign.MemorySegment;

/**
 * Receives the entries of one {@link Keyspace#scan} call. It must not modify the keyspace; {@code ref} and the key bytes
 * are valid until the next mutating call.
 */
@FunctionalInterface
public interface ScanVisitor {
  /**
   * One live entry.
   *
   * @param segment the segment holding the record.
   * @param keyOffset byte offset of the key in {@code segment}.
   * @param keyLength key length in bytes.
   * @param ref the entry's ref, for {@link Keyspace#type}, {@link Keyspace#valueOffset} etc.
   */
  void visit(MemorySegment segment, long keyOffset, int keyLength, long ref);
}
