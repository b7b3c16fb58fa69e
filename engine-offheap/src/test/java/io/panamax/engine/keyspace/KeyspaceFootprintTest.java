package io.panamax.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Memory per key and heap allocation per operation; printed so changes show up in the build log. */
class KeyspaceFootprintTest {
  private static final int KEYS = 1_000_000;

  @Test
  void storesOneMillionSixteenByteKeysWithSixtyFourByteValuesInUnder112BytesEach() {
    // The RESP shard's first table (1024 keys). The table doubles, so its bytes per key depend on where the key count
    // falls between two growths: from this start 1M keys sit at load 0.83 (30 B/key of table); from a 16-key start
    // they would sit at 0.54 (46 B/key), as Redis's dict at 1M keys is 8 B/key and at 1.1M 15 B/key.
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(1024, 0, System::currentTimeMillis));
        Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(16);
      for (int i = 0; i < KEYS; i++) {
        writeKey(key, i);
        long ref = keyspace.put(key, Keyspace.TYPE_STRING, 64, 0, 0);
        keyspace.segment(ref).asSlice(keyspace.valueOffset(ref), 64).fill((byte) i);
      }
      while (keyspace.isGrowing()) {
        keyspace.activeExpireCycle(0);
      }
      double used = (double) keyspace.usedMemoryBytes() / KEYS;
      double reserved = (double) keyspace.reservedMemoryBytes() / KEYS;
      System.out.printf(
          "footprint at %,d keys (16 B key, 64 B value): used %.1f B/key, reserved %.1f B/key, table %,d buckets"
              + " (%.1f B/key, of which LRU list %.1f B/key, load %.2f)%n",
          KEYS, used, reserved, keyspace.bucketCount(), BucketTable.bytesFor(keyspace.bucketCount()) / (double) KEYS,
          keyspace.bucketCount() * (double) LruDescriptor.BYTES_PER_BUCKET / KEYS,
          KEYS / (keyspace.bucketCount() * 7.0));
      assertThat(keyspace.size()).isEqualTo(KEYS);
      // 80 B record chunk + ~11 B hash table + ~10 B exact LRU list + ~5 B stored hash positions (growth then never
      // re-reads records) + ~5 B access words. Redis 7.0 needs 168.5 B/key for the same load (results/ issue-2 report); 0.7x is 118.
      assertThat(used).isLessThan(112);
      assertThat(reserved).isLessThan(112);
      writeKey(key, 123_456);
      long ref = keyspace.lookup(key);
      assertThat(keyspace.segment(ref).get(ValueLayout.JAVA_BYTE, keyspace.valueOffset(ref) + 63))
          .isEqualTo((byte) 123_456);
    }
  }

  @Test
  void allocatesNoHeapPerLookupOrPutWithNativeKeys() {
    try (Arena arena = Arena.ofConfined()) {
      assertNoHeapAllocationPerCall(arena.allocate(16));
    }
  }

  @Test
  void allocatesNoHeapPerLookupOrPutWithHeapKeys() {
    assertNoHeapAllocationPerCall(MemorySegment.ofArray(new byte[24]).asSlice(4, 16));
  }

  private static void assertNoHeapAllocationPerCall(MemorySegment key) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(200_000, 0, System::currentTimeMillis))) {
      long fewest = Long.MAX_VALUE; // the JIT needs a few rounds to inline and scalar-replace; keep the best round
      for (int round = 0; round < 8 && fewest > 0; round++) {
        long before = threads.getCurrentThreadAllocatedBytes();
        long sink = 0;
        for (int i = 0; i < 100_000; i++) {
          writeKey(key, i);
          sink += keyspace.put(key, 0, 32, i % 2 == 0 ? 0 : Long.MAX_VALUE, Keyspace.PRESERVE_VALUE);
          sink += keyspace.lookup(key);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("%s key, round %d: %d heap bytes for 200,000 put+lookup calls (sink %d)%n", key.isNative() ? "native" : "heap", round, allocated, sink);
        fewest = round == 0 ? fewest : Math.min(fewest, allocated);
      }
      assertThat(fewest).as("heap bytes for 200,000 calls in the best warmed-up round").isLessThan(2_000);
    }
  }

  private static void writeKey(MemorySegment key, int i) {
    key.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0x3a79656b_3a79656bL); // "key:key:"
    long digits = 0;
    for (int d = 0; d < 8; d++) {
      digits |= (long) ('0' + (i % 10)) << (8 * d);
      i /= 10;
    }
    key.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, digits);
  }
}
