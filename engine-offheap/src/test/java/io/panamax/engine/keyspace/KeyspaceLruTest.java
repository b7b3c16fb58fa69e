package io.panamax.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.memory.SlabDescriptor;
import io.panamax.engine.memory.TestSeed;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The exact LRU list and eviction, against an on-heap model: a {@link LinkedHashMap} in access order, whose eldest
 * entry is the one the keyspace must evict next.
 */
class KeyspaceLruTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void evictsInTheExactOrderOfALinkedHashMapInAccessOrderAcrossGrowths() {
    long seed = TestSeed.seed("evictsInTheExactOrderOfALinkedHashMapInAccessOrderAcrossGrowths");
    SplittableRandom rnd = new SplittableRandom(seed);
    long maxmemory = 256 * 1024 + rnd.nextInt(256 * 1024);
    LinkedHashMap<ByteKey, Integer> model = new LinkedHashMap<>(16, 0.75f, true);
    int evictions = 0;
    int growths = 0;
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(4, maxmemory, clock))) {
      keyspace.evictionEnabled(rnd.nextBoolean());
      int buckets = keyspace.bucketCount();
      for (int step = 0; step < 60_000; step++) {
        ByteKey key = ByteKey.of("k" + rnd.nextInt(step < 20_000 ? 3_000 : 30_000));
        int op = rnd.nextInt(10);
        if (op < 5) {
          int length = rnd.nextInt(50) == 0 ? rnd.nextInt(20_000) : rnd.nextInt(200);
          long usedBefore = keyspace.usedMemoryBytes();
          long evictedBefore = keyspace.evictedCount();
          int bucketsBefore = keyspace.bucketCount();
          long slots = bucketsBefore * 7L;
          boolean growthDue = !model.containsKey(key) && keyspace.size() + 1 > slots - slots / 8;
          long ref = keyspace.put(key.heap(), 0, length, 0, Keyspace.EVICT);
          assertThat(ref).as("put with EVICT never fails here, seed=%d", seed).isNotNegative();
          keyspace.segment(ref).set(ValueLayout.JAVA_BYTE, keyspace.valueOffset(ref), (byte) 1);
          long evicted = keyspace.evictedCount() - evictedBefore;
          if (evicted > 0) {
            long chunk = SlabDescriptor.chunkBytesFor(RecordDescriptor.recordBytes(key.bytes().length, length, false));
            long growth = growthDue ? BucketTable.bytesFor(Keyspace.grownBuckets(bucketsBefore)) : 0;
            assertThat(usedBefore + chunk + growth)
                .as("evicted only because the write did not fit, seed=%d step=%d", seed, step)
                .isGreaterThan(maxmemory);
            evictions += (int) evicted;
          }
          model.remove(key); // the written key is never evicted, and becomes the most recent
          Iterator<ByteKey> eldest = model.keySet().iterator();
          for (long i = 0; i < evicted; i++) {
            eldest.next();
            eldest.remove();
          }
          model.put(key, length);
        } else if (op < 8) {
          boolean present = model.get(key) != null;
          assertThat(keyspace.lookup(key.heap()) >= 0).as("lookup %s seed=%d", key, seed).isEqualTo(present);
        } else {
          assertThat(keyspace.delete(key.heap())).as("delete seed=%d", seed).isEqualTo(model.remove(key) != null);
        }
        assertThat(keyspace.usedMemoryBytes()).as("seed=%d", seed).isLessThanOrEqualTo(maxmemory);
        if (keyspace.bucketCount() != buckets) {
          growths++;
          buckets = keyspace.bucketCount();
        }
        if (step % 5_000 == 0 || keyspace.isGrowing() && step % 7 == 0) {
          assertThat(order(keyspace)).as("LRU order, seed=%d step=%d", seed, step).isEqualTo(new ArrayList<>(model.keySet()));
        }
      }
      assertThat(order(keyspace)).as("LRU order, seed=%d", seed).isEqualTo(new ArrayList<>(model.keySet()));
      assertThat(keyspace.size()).isEqualTo(model.size());
    }
    System.out.printf("LRU model test: %d evictions, %d growths%n", evictions, growths);
    assertThat(evictions).as("seed=%d", seed).isGreaterThan(1_000);
    assertThat(growths).as("seed=%d", seed).isGreaterThanOrEqualTo(3);
  }

  @Test
  void evictsTheLeastRecentlyUsedFirstAndKeepsTouchedKeys() {
    // A table for 4096 keys (118 KB) never grows here, so every eviction is one put's: none comes from a growth
    // making room for a larger table.
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(4096, 300_000, clock))) {
      keyspace.evictionEnabled(true);
      for (int i = 0; i < 100; i++) {
        assertThat(keyspace.put(ByteKey.of("key:" + i).heap(), 0, 100, 0, 0)).isNotNegative();
      }
      assertThat(keyspace.evictedCount()).as("nothing evicted below the limit").isZero();
      keyspace.lookup(ByteKey.of("key:0").heap());
      keyspace.put(ByteKey.of("key:1").heap(), 0, 100, 0, 0);
      int i = 100;
      while (keyspace.evictedCount() < 10) {
        assertThat(keyspace.put(ByteKey.of("key:" + i++).heap(), 0, 100, 0, 0)).isNotNegative();
      }
      assertThat(keyspace.lookup(ByteKey.of("key:0").heap())).as("read recently").isNotNegative();
      assertThat(keyspace.lookup(ByteKey.of("key:1").heap())).as("written recently").isNotNegative();
      for (int k = 2; k < 12; k++) {
        assertThat(keyspace.lookup(ByteKey.of("key:" + k).heap())).as("key:%d", k).isEqualTo(Keyspace.NOT_FOUND);
      }
      assertThat(keyspace.lookup(ByteKey.of("key:12").heap())).isNotNegative();
      assertThat(keyspace.usedMemoryBytes()).isLessThanOrEqualTo(300_000);
      assertThat(keyspace.bucketCount()).as("no growth").isEqualTo(669);
    }
  }

  @Test
  void noevictionReturnsOomButTheEvictModeBitEvictsAnyway() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(1024, 100_000, clock))) {
      int i = 0;
      while (keyspace.put(ByteKey.of("key:" + i).heap(), 0, 100, 0, 0) >= 0) {
        i++;
      }
      assertThat(keyspace.evictedCount()).isZero();
      assertThat(keyspace.put(ByteKey.of("key:" + i).heap(), 0, 100, 0, Keyspace.EVICT)).isNotNegative();
      assertThat(keyspace.evictedCount()).isPositive();
      assertThat(keyspace.lookup(ByteKey.of("key:0").heap())).isEqualTo(Keyspace.NOT_FOUND);
    }
  }

  @Test
  void neverEvictsTheKeyBeingWrittenAndReportsOomWhenNothingElseIsLeft() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(16, 100_000, clock))) {
      keyspace.evictionEnabled(true);
      assertThat(keyspace.put(ByteKey.of("a").heap(), 0, 40_000, 0, 0)).isNotNegative();
      assertThat(keyspace.put(ByteKey.of("b").heap(), 0, 40_000, 0, 0)).isNotNegative();
      assertThat(keyspace.put(ByteKey.of("a").heap(), 0, 85_000, 0, 0)).as("a grows, b is evicted").isNotNegative();
      assertThat(keyspace.lookup(ByteKey.of("b").heap())).isEqualTo(Keyspace.NOT_FOUND);
      assertThat(keyspace.put(ByteKey.of("a").heap(), 0, 200_000, 0, 0)).isEqualTo(Keyspace.OOM);
      assertThat(keyspace.valueLength(keyspace.lookup(ByteKey.of("a").heap()))).isEqualTo(85_000);
      assertThat(keyspace.put(ByteKey.of("c").heap(), 0, 200_000, 0, 0)).isEqualTo(Keyspace.OOM);
      assertThat(keyspace.size()).as("a was evicted trying to make room for c").isZero();
    }
  }

  @Test
  void clearEmptiesTheListAndTheKeyspaceStaysUsable() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(4, 0, clock))) {
      for (int i = 0; i < 5_000; i++) {
        keyspace.put(ByteKey.of("key:" + i).heap(), 0, 10, 0, 0);
      }
      keyspace.clear();
      assertThat(order(keyspace)).isEmpty();
      keyspace.put(ByteKey.of("x").heap(), 0, 10, 0, 0);
      keyspace.put(ByteKey.of("y").heap(), 0, 10, 0, 0);
      assertThat(order(keyspace)).containsExactly(ByteKey.of("x"), ByteKey.of("y"));
    }
  }

  @Test
  void withoutALimitAccessesKeepInsertionOrderAndOnceALimitIsSetTheyReorder() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(1024, 0, clock))) {
      for (String k : List.of("a", "b", "c", "d")) {
        keyspace.put(ByteKey.of(k).heap(), 0, 100, 0, 0);
      }
      keyspace.lookup(ByteKey.of("a").heap());
      keyspace.put(ByteKey.of("b").heap(), 0, 100, 0, 0);
      assertThat(order(keyspace)).as("no maxmemory: by insertion")
          .containsExactly(ByteKey.of("a"), ByteKey.of("b"), ByteKey.of("c"), ByteKey.of("d"));
      keyspace.maxmemoryBytes(keyspace.usedMemoryBytes()); // the next insert must evict
      keyspace.evictionEnabled(true);
      keyspace.lookup(ByteKey.of("a").heap());
      assertThat(order(keyspace)).as("with a limit: accesses reorder")
          .containsExactly(ByteKey.of("b"), ByteKey.of("c"), ByteKey.of("d"), ByteKey.of("a"));
      keyspace.put(ByteKey.of("e").heap(), 0, 100, 0, 0);
      assertThat(keyspace.lookup(ByteKey.of("b").heap())).as("b: inserted first, not accessed since the limit")
          .isEqualTo(Keyspace.NOT_FOUND);
      assertThat(keyspace.evictedCount()).isEqualTo(1);
      assertThat(keyspace.lookup(ByteKey.of("a").heap())).isNotNegative();
    }
  }

  @Test
  void prefetchChangesNothingForHitsMissesAndAGrowingTable() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(4, 1 << 20, clock))) {
      long[] hashes = new long[40];
      for (int i = 0; i < 2_000; i++) {
        keyspace.put(ByteKey.of("key:" + i).heap(), 0, 10 + i % 50, 0, 0); // grows the table several times
        if (i % 97 == 0) {
          for (int j = 0; j < hashes.length; j++) {
            hashes[j] = keyspace.hash(ByteKey.of((j % 2 == 0 ? "key:" : "miss:") + (i - j)).heap());
          }
          List<ByteKey> before = order(keyspace);
          long used = keyspace.usedMemoryBytes();
          keyspace.prefetch(hashes, hashes.length);
          assertThat(order(keyspace)).as("LRU order after prefetch at i=%d", i).isEqualTo(before);
          assertThat(keyspace.usedMemoryBytes()).isEqualTo(used);
        }
      }
      keyspace.prefetch(hashes, 0);
      assertThat(keyspace.size()).isEqualTo(2_000);
      for (int i = 0; i < 2_000; i++) {
        assertThat(keyspace.valueLength(keyspace.lookup(ByteKey.of("key:" + i).heap()))).isEqualTo(10 + i % 50);
      }
    }
  }

  private static List<ByteKey> order(Keyspace keyspace) {
    List<ByteKey> out = new ArrayList<>();
    keyspace.forEachLeastRecentFirst(ref -> {
      out.add(ByteKey.of(keyspace.segment(ref), keyspace.keyOffset(ref), keyspace.keyLength(ref)));
      return true;
    });
    return out;
  }
}
