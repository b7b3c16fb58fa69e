package io.panamax.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class KeyspaceArgumentsTest {
  private final MemorySegment key = ByteKey.of("k").heap();

  @Test
  void rejectsBadPutArgumentsWithNameAndValue() {
    try (Keyspace keyspace = new Keyspace(KeyspaceConfig.defaults())) {
      assertThatThrownBy(() -> keyspace.put(key, 0, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("valueLength=-1");
      assertThatThrownBy(() -> keyspace.put(key, 16, 1, 0, 0)).hasMessage("type=16");
      assertThatThrownBy(() -> keyspace.put(key, 0, 1, -5, 0)).hasMessage("expireAtMs=-5");
      assertThatThrownBy(() -> keyspace.put(key, 0, 1, 0, 64)).hasMessage("mode=64");
      assertThatThrownBy(() -> keyspace.setExpireAt(key, -2)).hasMessage("expireAtMs=-2");
      assertThatThrownBy(() -> keyspace.scan(0, 0, (s, o, l, r) -> {})).hasMessage("count=0");
      assertThatThrownBy(() -> keyspace.activeExpireCycle(-1)).hasMessage("budgetNanos=-1");
      assertThatThrownBy(() -> keyspace.valueLength(-7)).hasMessage("ref=-7");
      assertThat(keyspace.size()).isZero();
    }
  }

  @Test
  void rejectsAClosedKeySegmentInsteadOfReadingFreedMemory() {
    try (Keyspace keyspace = new Keyspace(KeyspaceConfig.defaults())) {
      MemorySegment closed;
      try (Arena arena = Arena.ofConfined()) {
        closed = arena.allocate(8);
      }
      assertThatThrownBy(() -> keyspace.lookup(closed)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not alive");
    }
  }

  @Test
  void failsWithIllegalStateNotAnFfmErrorWhenUsedAfterCloseOrFromAnotherThread() throws Exception {
    Keyspace keyspace = new Keyspace(KeyspaceConfig.defaults());
    Throwable[] fromOtherThread = new Throwable[1];
    Thread other = new Thread(() -> {
      try {
        keyspace.lookup(key);
      } catch (Throwable t) {
        fromOtherThread[0] = t;
      }
    });
    other.start();
    other.join();
    assertThat(fromOtherThread[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("owner=");
    keyspace.close();
    assertThatThrownBy(() -> keyspace.put(key, 0, 1, 0, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed=true");
    keyspace.close();
  }

  @Test
  void rejectsBadConfig() {
    assertThatThrownBy(() -> new KeyspaceConfig(-1, 0, () -> 0)).hasMessage("initialCapacity=-1");
    assertThatThrownBy(() -> new KeyspaceConfig(0, -1, () -> 0)).hasMessage("maxmemoryBytes=-1");
  }

  @Test
  void storesEmptyKeysAndEmptyValues() {
    try (Keyspace keyspace = new Keyspace(KeyspaceConfig.defaults())) {
      long ref = keyspace.put(MemorySegment.ofArray(new byte[0]), 0, 0, 0, 0);
      assertThat(keyspace.lookup(MemorySegment.ofArray(new byte[0]))).isEqualTo(ref);
      assertThat(keyspace.keyLength(ref)).isZero();
      assertThat(keyspace.valueLength(ref)).isZero();
      assertThat(keyspace.delete(MemorySegment.ofArray(new byte[0]))).isTrue();
    }
  }
}
