package io.panamax.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.memory.TestSeed;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyspaceScanTest {
  @Test
  void visitsEveryStableKeyWhileTheTableGrowsAndOtherKeysComeAndGo() {
    long seed = TestSeed.seed("visitsEveryStableKeyWhileTheTableGrowsAndOtherKeysComeAndGo");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(16, 0, new FakeClock()))) {
      Set<ByteKey> stable = new HashSet<>();
      for (int i = 0; i < 2_000; i++) {
        ByteKey key = ByteKey.of("stable:" + i);
        stable.add(key);
        keyspace.put(key.heap(), 0, 8, 0, 0);
      }
      int bucketsAtStart = keyspace.bucketCount();
      Map<ByteKey, Integer> visits = new HashMap<>();
      long cursor = 0;
      int churn = 0;
      boolean sawGrowthMidScan = false;
      do {
        cursor = keyspace.scan(cursor, 1 + rnd.nextInt(20), (segment, keyOffset, keyLength, ref) ->
            visits.merge(ByteKey.of(segment, keyOffset, keyLength), 1, Integer::sum));
        for (int i = rnd.nextInt(60); i > 0; i--) {
          ByteKey transient_ = ByteKey.of("transient:" + churn++);
          keyspace.put(transient_.heap(), 0, rnd.nextInt(40), 0, 0);
          if (rnd.nextInt(3) == 0) {
            keyspace.delete(ByteKey.of("transient:" + rnd.nextInt(churn)).heap());
          }
        }
        sawGrowthMidScan |= keyspace.isGrowing();
      } while (cursor != 0);
      // At least two growths (tables double) during the scan.
      assertThat(keyspace.bucketCount()).as("seed=%d", seed).isGreaterThanOrEqualTo(bucketsAtStart * 4);
      assertThat(sawGrowthMidScan).isTrue();
      assertThat(visits.keySet()).as("seed=%d", seed).containsAll(stable);
      System.out.printf("scan across growth: buckets %d -> %d, %d transient keys, max visits of a key %d%n",
          bucketsAtStart, keyspace.bucketCount(), churn,
          visits.values().stream().mapToInt(Integer::intValue).max().orElse(0));
    }
  }

  @Test
  void visitsEachKeyOnceInAStableTableForAnyCount() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(0, 0, new FakeClock()))) {
      for (int i = 0; i < 5_000; i++) {
        keyspace.put(ByteKey.of("k" + i).heap(), 0, 3, 0, 0);
      }
      for (int count : new int[] {1, 7, 10, 1000, Integer.MAX_VALUE}) {
        Map<ByteKey, Integer> visits = new HashMap<>();
        long cursor = 0;
        do {
          cursor = keyspace.scan(cursor, count, (segment, keyOffset, keyLength, ref) ->
              visits.merge(ByteKey.of(segment, keyOffset, keyLength), 1, Integer::sum));
        } while (cursor != 0);
        assertThat(visits).hasSize(5_000);
        assertThat(visits.values()).containsOnly(1);
      }
    }
  }

  @Test
  void endsTheScanForACursorOutsideTheHashSpace() {
    try (Keyspace keyspace = new Keyspace(KeyspaceConfig.defaults())) {
      keyspace.put(ByteKey.of("a").heap(), 0, 1, 0, 0);
      assertThat(keyspace.scan(1L << 32, 10, (s, o, l, r) -> { throw new AssertionError(); })).isZero();
      assertThat(keyspace.scan(-5, 10, (s, o, l, r) -> { throw new AssertionError(); })).isZero();
    }
  }
}
