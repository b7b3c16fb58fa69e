package io.panamax.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class KeyspaceMemoryTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void putReturnsOomAndChangesNothingWhenMaxmemoryWouldBeExceeded() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(16, 64 * 1024, clock))) {
      int stored = 0;
      long ref;
      while ((ref = keyspace.put(ByteKey.of("key:" + stored).heap(), 0, 100, 0, 0)) >= 0) {
        keyspace.segment(ref).set(ValueLayout.JAVA_BYTE, keyspace.valueOffset(ref), (byte) stored);
        stored++;
      }
      assertThat(ref).isEqualTo(Keyspace.OOM);
      assertThat(stored).isBetween(300, 600);
      long used = keyspace.usedMemoryBytes();
      assertThat(used).isLessThanOrEqualTo(64 * 1024);
      long size = keyspace.size();
      assertThat(keyspace.put(ByteKey.of("another").heap(), 0, 100, 0, 0)).isEqualTo(Keyspace.OOM);
      assertThat(keyspace.put(ByteKey.of("key:1").heap(), 0, 5000, 0, 0)).isEqualTo(Keyspace.OOM);
      assertThat(keyspace.usedMemoryBytes()).isEqualTo(used);
      assertThat(keyspace.size()).isEqualTo(size);
      assertThat(keyspace.lookup(ByteKey.of("another").heap())).isEqualTo(Keyspace.NOT_FOUND);
      long old = keyspace.lookup(ByteKey.of("key:1").heap());
      assertThat(keyspace.valueLength(old)).isEqualTo(100);
      assertThat(keyspace.segment(old).get(ValueLayout.JAVA_BYTE, keyspace.valueOffset(old))).isEqualTo((byte) 1);
      assertThat(keyspace.put(ByteKey.of("key:1").heap(), 0, 90, 0, 0)).as("same-size replace").isNotNegative();
      assertThat(keyspace.delete(ByteKey.of("key:2").heap())).isTrue();
      assertThat(keyspace.put(ByteKey.of("another").heap(), 0, 100, 0, 0)).as("room after delete").isNotNegative();
    }
  }

  @Test
  void lazyExpiryDeletesOnLookupAndFreesTheRecord() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(16, 0, clock))) {
      long empty = keyspace.usedMemoryBytes();
      keyspace.put(ByteKey.of("ttl").heap(), 0, 1000, clock.nowMs + 100, 0);
      assertThat(keyspace.usedMemoryBytes()).isGreaterThan(empty);
      clock.nowMs += 99;
      assertThat(keyspace.lookup(ByteKey.of("ttl").heap())).isNotNegative();
      clock.nowMs += 1;
      assertThat(keyspace.size()).isEqualTo(1);
      assertThat(keyspace.lookup(ByteKey.of("ttl").heap())).isEqualTo(Keyspace.NOT_FOUND);
      assertThat(keyspace.size()).isZero();
      assertThat(keyspace.usedMemoryBytes()).isEqualTo(empty);
    }
  }

  @Test
  void activeExpiryDeletesOnlyExpiredEntriesAndFreesTheirMemory() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(16, 0, clock))) {
      for (int i = 0; i < 10_000; i++) {
        keyspace.put(ByteKey.of("keep:" + i).heap(), 0, 10, i % 2 == 0 ? 0 : clock.nowMs + 1_000_000, 0);
      }
      long usedBefore = keyspace.usedMemoryBytes();
      for (int i = 0; i < 10_000; i++) {
        keyspace.put(ByteKey.of("gone:" + i).heap(), 0, 200, clock.nowMs + 10, 0);
      }
      while (keyspace.isGrowing()) {
        keyspace.activeExpireCycle(0);
      }
      clock.nowMs += 10;
      int deleted = 0;
      for (int cycle = 0; cycle < 10_000 && deleted < 10_000; cycle++) {
        deleted += keyspace.activeExpireCycle(100_000);
      }
      assertThat(deleted).isEqualTo(10_000);
      assertThat(keyspace.size()).isEqualTo(10_000);
      assertThat(keyspace.usedMemoryBytes() - BucketTable.bytesFor(keyspace.bucketCount()))
          .isEqualTo(usedBefore - bucketsBytesBefore(usedBefore, keyspace));
      assertThat(keyspace.lookup(ByteKey.of("keep:1").heap())).isNotNegative();
    }
  }

  private static long bucketsBytesBefore(long usedBefore, Keyspace keyspace) {
    // records of the 10,000 kept keys: "keep:N" (6..9 bytes) + 10 value bytes (+ 8 TTL bytes for odd N)
    long records = 0;
    for (int i = 0; i < 10_000; i++) {
      long need = ("keep:" + i).length() + 10 + (i % 2 == 0 ? 0 : 8);
      records += (need + 7) / 8 * 8;
    }
    return usedBefore - records;
  }

  @Test
  void deletingEveryKeyReturnsUsedMemoryToTheTableBytes() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(16, 0, clock))) {
      for (int i = 0; i < 50_000; i++) {
        keyspace.put(ByteKey.of("k" + i).heap(), 0, i % 300 == 0 ? 400_000 : i % 500, 0, 0);
      }
      long reservedFull = keyspace.reservedMemoryBytes();
      for (int i = 0; i < 50_000; i++) {
        assertThat(keyspace.delete(ByteKey.of("k" + i).heap())).isTrue();
      }
      assertThat(keyspace.size()).isZero();
      assertThat(keyspace.usedMemoryBytes()).isEqualTo(BucketTable.bytesFor(keyspace.bucketCount()));
      assertThat(keyspace.reservedMemoryBytes()).isLessThan(reservedFull / 4);
    }
  }

  @Test
  void preserveValueAppendsInPlaceWhileTheChunkHasRoom() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(16, 0, clock))) {
      MemorySegment key = ByteKey.of("log").heap();
      StringBuilder expected = new StringBuilder();
      long previous = -1;
      int moves = 0;
      for (int i = 0; i < 3000; i++) {
        String piece = Integer.toString(i % 10);
        long ref = keyspace.lookup(key);
        int oldLength = ref < 0 ? 0 : keyspace.valueLength(ref);
        ref = keyspace.put(key, 0, oldLength + 1L, 0, Keyspace.PRESERVE_VALUE | Keyspace.KEEP_TTL);
        keyspace.segment(ref).set(ValueLayout.JAVA_BYTE, keyspace.valueOffset(ref) + oldLength, (byte) piece.charAt(0));
        expected.append(piece);
        if (previous >= 0 && (ref & RefDescriptor.HANDLE_MASK) != (previous & RefDescriptor.HANDLE_MASK)) {
          moves++;
        }
        previous = ref;
      }
      long ref = keyspace.lookup(key);
      byte[] value = keyspace.segment(ref).asSlice(keyspace.valueOffset(ref), keyspace.valueLength(ref))
          .toArray(ValueLayout.JAVA_BYTE);
      assertThat(new String(value)).isEqualTo(expected.toString());
      assertThat(moves).as("record moves for 3000 appends").isBetween(20, 120);
    }
  }

  @Test
  void setExpireAtAddsAndRemovesTheTtlField() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(16, 0, clock))) {
      for (String key : new String[] {"short", "x".repeat(70)}) {
        MemorySegment k = ByteKey.of(key).heap();
        long ref = keyspace.put(k, 2, 5, 0, 0);
        MemorySegment.copy(MemorySegment.ofArray("hello".getBytes()), 0, keyspace.segment(ref),
            keyspace.valueOffset(ref), 5);
        assertThat(keyspace.setExpireAt(k, clock.nowMs + 50)).isTrue();
        ref = keyspace.lookup(k);
        assertThat(keyspace.expireAtMs(ref)).isEqualTo(clock.nowMs + 50);
        assertThat(keyspace.type(ref)).isEqualTo(2);
        assertThat(keyspace.setExpireAt(k, 0)).isTrue();
        ref = keyspace.lookup(k);
        assertThat(keyspace.expireAtMs(ref)).isEqualTo(-1);
        assertThat(new String(keyspace.segment(ref).asSlice(keyspace.valueOffset(ref), keyspace.valueLength(ref))
            .toArray(ValueLayout.JAVA_BYTE))).isEqualTo("hello");
        assertThat(keyspace.setExpireAt(ByteKey.of("missing").heap(), 5)).isFalse();
      }
    }
  }

  @Test
  void findsAKeyWrittenFromTheHeapWhenLookedUpWithANativeCopy() {
    try (Keyspace keyspace = new Keyspace(KeyspaceConfig.defaults()); Arena arena = Arena.ofConfined()) {
      byte[] bytes = "user:1000:profile".getBytes();
      long ref = keyspace.put(MemorySegment.ofArray(bytes), 0, 4, 0, 0);
      MemorySegment nativeKey = arena.allocate(bytes.length);
      nativeKey.copyFrom(MemorySegment.ofArray(bytes));
      assertThat(keyspace.lookup(nativeKey)).isEqualTo(ref);
      assertThat(keyspace.lookup(MemorySegment.ofArray(new byte[40]).asSlice(3, bytes.length)
          .copyFrom(MemorySegment.ofArray(bytes)))).isEqualTo(ref);
    }
  }
}
