package io.panamax.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.memory.TestSeed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The maxmemory policies other than allkeys-lru (Redis: https://redis.io/docs/latest/develop/reference/eviction/):
 * volatile-lru exactly against an access-ordered model, the sampled policies by the properties that must hold.
 */
class KeyspaceEvictionPolicyTest {
  private static final long FAR = 1_000_000_000L; // a TTL that never runs out during a test, ms

  private final FakeClock clock = new FakeClock();

  private Keyspace keyspace(long initialCapacity, long maxmemory, EvictionPolicy policy) {
    Keyspace ks = new Keyspace(new KeyspaceConfig(initialCapacity, maxmemory, clock));
    ks.evictionConfig(EvictionConfig.defaults().withPolicy(policy));
    return ks;
  }

  @Test
  void volatileLruEvictsTheLeastRecentlyUsedKeyWithATtlInTheExactOrderOfAModel() {
    long seed = TestSeed.seed("volatileLruEvictsTheLeastRecentlyUsedKeyWithATtlInTheExactOrderOfAModel");
    SplittableRandom rnd = new SplittableRandom(seed);
    long maxmemory = 200 * 1024 + rnd.nextInt(200 * 1024);
    LinkedHashMap<ByteKey, Boolean> model = new LinkedHashMap<>(16, 0.75f, true); // key -> has a TTL
    int evictions = 0;
    int ooms = 0;
    try (Keyspace ks = keyspace(4, maxmemory, EvictionPolicy.VOLATILE_LRU)) {
      for (int step = 0; step < 40_000; step++) {
        ByteKey key = ByteKey.of("k" + rnd.nextInt(4_000));
        int op = rnd.nextInt(10);
        if (op < 5) {
          boolean ttl = rnd.nextInt(3) != 0;
          int length = rnd.nextInt(40) == 0 ? rnd.nextInt(8_000) : rnd.nextInt(150);
          long evictedBefore = ks.evictedCount();
          long ref = ks.put(key.heap(), 0, length, ttl ? clock.nowMs + FAR : 0, 0);
          long evicted = ks.evictedCount() - evictedBefore;
          Boolean old = model.get(key); // a put touches the key, written or not
          Iterator<Map.Entry<ByteKey, Boolean>> eldest = model.entrySet().iterator();
          long toEvict = evicted;
          while (toEvict > 0) {
            Map.Entry<ByteKey, Boolean> e = eldest.next();
            if (e.getValue() && !e.getKey().equals(key)) {
              eldest.remove();
              toEvict--;
            }
          }
          evictions += (int) evicted;
          if (ref == Keyspace.OOM) {
            ooms++;
            boolean othersWithTtl = model.entrySet().stream().anyMatch(e -> e.getValue() && !e.getKey().equals(key));
            assertThat(othersWithTtl).as("OOM only when no other key with a TTL is left, seed=%d step=%d", seed, step)
                .isFalse();
          } else {
            assertThat(ref).as("seed=%d", seed).isNotNegative();
            model.put(key, ttl);
          }
          assertThat(old == null || model.containsKey(key) || ref != Keyspace.OOM).isTrue();
        } else if (op < 8) {
          assertThat(ks.lookup(key.heap()) >= 0).as("lookup %s seed=%d", key, seed).isEqualTo(model.get(key) != null);
        } else {
          assertThat(ks.delete(key.heap())).as("delete seed=%d", seed).isEqualTo(model.remove(key) != null);
        }
        assertThat(ks.usedMemoryBytes()).as("seed=%d", seed).isLessThanOrEqualTo(maxmemory);
        if (step % 4_000 == 0 || ks.isGrowing() && step % 11 == 0) {
          assertThat(order(ks)).as("LRU order, seed=%d step=%d", seed, step).isEqualTo(new ArrayList<>(model.keySet()));
          assertThat(ks.volatileCount()).as("seed=%d", seed)
              .isEqualTo(model.values().stream().filter(b -> b).count());
        }
      }
      assertThat(order(ks)).as("LRU order, seed=%d", seed).isEqualTo(new ArrayList<>(model.keySet()));
    }
    System.out.printf("volatile-lru model test: %d evictions, %d OOMs%n", evictions, ooms);
    assertThat(evictions).as("seed=%d", seed).isGreaterThan(500);
  }

  @Test
  void volatilePoliciesNeverEvictKeysWithoutTtlAndAnswerOomWhenNoneIsLeft() {
    for (EvictionPolicy policy : List.of(EvictionPolicy.VOLATILE_LRU, EvictionPolicy.VOLATILE_RANDOM,
        EvictionPolicy.VOLATILE_TTL, EvictionPolicy.VOLATILE_LFU)) {
      try (Keyspace ks = keyspace(2_000, 300_000, policy)) {
        for (int i = 0; i < 500; i++) {
          assertThat(ks.put(ByteKey.of("persistent:" + i).heap(), 0, 100, 0, 0)).isNotNegative();
        }
        int ttlKeys = 0;
        while (ks.evictedCount() < 300) {
          assertThat(ks.put(ByteKey.of("volatile:" + ttlKeys++).heap(), 0, 100, clock.nowMs + FAR, 0))
              .as(policy.redisName()).isNotNegative();
        }
        for (int i = 0; i < 500; i++) {
          assertThat(ks.lookup(ByteKey.of("persistent:" + i).heap())).as("%s persistent:%d", policy, i).isNotNegative();
        }
        int extra = 0;
        long ref;
        while ((ref = ks.put(ByteKey.of("persistent-more:" + extra).heap(), 0, 100, 0, 0)) >= 0) {
          extra++;
        }
        assertThat(ref).isEqualTo(Keyspace.OOM);
        assertThat(ks.volatileCount()).as("%s: OOM once no key with a TTL is left", policy).isZero();
        assertThat(ks.evictedCount()).as(policy.redisName()).isEqualTo(ttlKeys);
        assertThat(ks.size()).isEqualTo(500 + extra);
      }
    }
  }

  @Test
  void volatileTtlEvictsAmongTheSoonestExpiringKeys() {
    int n = 2_000;
    try (Keyspace ks = keyspace(10_000, 0, EvictionPolicy.VOLATILE_TTL)) {
      List<Integer> ranks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ranks.add(i);
      }
      java.util.Collections.shuffle(ranks, new java.util.Random(42));
      for (int i = 0; i < n; i++) {
        ks.put(ByteKey.of("r" + ranks.get(i)).heap(), 0, 100, clock.nowMs + FAR + ranks.get(i) * 1000L, 0);
      }
      ks.maxmemoryBytes(ks.usedMemoryBytes());
      for (int i = 0; ks.evictedCount() < n / 5; i++) {
        assertThat(ks.put(ByteKey.of("new" + i).heap(), 0, 100, clock.nowMs + 2 * FAR, 0)).isNotNegative();
      }
      int evictedLowerHalf = 0;
      int evicted = 0;
      for (int r = 0; r < n; r++) {
        if (ks.lookup(ByteKey.of("r" + r).heap()) < 0) {
          evicted++;
          evictedLowerHalf += r < n / 2 ? 1 : 0;
        }
      }
      assertThat(evicted).isEqualTo(n / 5);
      // Random choice would take half from each half; the soonest of 5 samples takes ~90% from the first half.
      assertThat(evictedLowerHalf).as("evicted keys that expire in the first half of the population")
          .isGreaterThanOrEqualTo(evicted * 8 / 10);
    }
  }

  @Test
  void lfuKeepsFrequentlyUsedKeysOverKeysUsedOnce() {
    for (EvictionPolicy policy : List.of(EvictionPolicy.ALLKEYS_LFU, EvictionPolicy.VOLATILE_LFU)) {
      try (Keyspace ks = keyspace(2_000, 200_000, policy)) {
        for (int i = 0; i < 200; i++) {
          ByteKey hot = ByteKey.of("hot:" + i);
          ks.put(hot.heap(), 0, 100, clock.nowMs + FAR, 0);
          for (int hit = 0; hit < 300; hit++) {
            ks.lookup(hot.heap());
          }
        }
        int cold = 0;
        while (ks.evictedCount() < 2_000) {
          assertThat(ks.put(ByteKey.of("cold:" + cold++).heap(), 0, 100, clock.nowMs + FAR, 0)).isNotNegative();
        }
        int hotLeft = 0;
        for (int i = 0; i < 200; i++) {
          hotLeft += ks.peek(ByteKey.of("hot:" + i).heap()) >= 0 ? 1 : 0;
        }
        int coldLeft = 0;
        for (int i = 0; i < cold; i++) {
          coldLeft += ks.peek(ByteKey.of("cold:" + i).heap()) >= 0 ? 1 : 0;
        }
        assertThat(hotLeft).as("%s: hot keys kept", policy).isGreaterThanOrEqualTo(190);
        assertThat(coldLeft).as("%s: cold keys kept", policy).isLessThan(cold / 2);
      }
    }
  }

  @Test
  void lfuCounterStartsAtFiveGrowsLogarithmicallyAndDecaysPerIdleMinute() {
    try (Keyspace ks = keyspace(16, 0, EvictionPolicy.ALLKEYS_LFU)) {
      ByteKey key = ByteKey.of("k");
      ks.put(key.heap(), 0, 10, 0, 0);
      assertThat(ks.lfuFrequency(key.heap())).isEqualTo(LfuCounter.INIT_VALUE);
      ks.evictionConfig(new EvictionConfig(EvictionPolicy.ALLKEYS_LFU, 5, 0, 1)); // log factor 0: every hit counts
      for (int i = 0; i < 10; i++) {
        ks.lookup(key.heap());
      }
      assertThat(ks.lfuFrequency(key.heap())).as("peek and OBJECT FREQ do not count").isEqualTo(15);
      clock.nowMs += 3 * 60_000;
      assertThat(ks.lfuFrequency(key.heap())).as("one per whole idle minute").isEqualTo(12);
      ks.evictionConfig(new EvictionConfig(EvictionPolicy.ALLKEYS_LFU, 5, 0, 0));
      assertThat(ks.lfuFrequency(key.heap())).as("decay time 0: no decay").isEqualTo(15);
      for (int i = 0; i < 400; i++) {
        ks.lookup(key.heap());
      }
      assertThat(ks.lfuFrequency(key.heap())).isEqualTo(255);
      assertThat(ks.lfuFrequency(ByteKey.of("missing").heap())).isEqualTo(Keyspace.NOT_FOUND);

      ks.evictionConfig(new EvictionConfig(EvictionPolicy.ALLKEYS_LFU, 5, 10, 1));
      ByteKey other = ByteKey.of("other");
      ks.put(other.heap(), 0, 10, 0, 0);
      for (int i = 0; i < 100; i++) {
        ks.lookup(other.heap());
      }
      assertThat(ks.lfuFrequency(other.heap())).as("log factor 10: ~100 hits give about 10 (redis.conf table)")
          .isBetween(7L, 14L);
    }
  }

  @Test
  void lfuIncrementProbabilityIsRedisFormula() {
    assertThat(LfuCounter.increment(4, 0.999, 10)).as("below LFU_INIT_VAL always").isEqualTo(5);
    assertThat(LfuCounter.increment(15, 1.0 / 101 - 1e-9, 10)).isEqualTo(16);
    assertThat(LfuCounter.increment(15, 1.0 / 101 + 1e-9, 10)).isEqualTo(15);
    assertThat(LfuCounter.increment(255, 0, 0)).isEqualTo(255);
    assertThat(LfuCounter.elapsed(65_530, 4)).as("minutes wrap at 2^16").isEqualTo(9);
    assertThat(LfuCounter.decayed(LfuCounter.word(10, 3), 20, 1)).isZero();
  }

  @Test
  void idleTimeIsSecondsSinceTheLastReadOrWriteAndSurvivesGrowth() {
    try (Keyspace ks = keyspace(4, 0, EvictionPolicy.NOEVICTION)) {
      ByteKey key = ByteKey.of("k");
      ks.put(key.heap(), 0, 10, 0, 0);
      clock.nowMs += 7_400;
      assertThat(ks.idleTimeSeconds(key.heap())).isEqualTo(7);
      assertThat(ks.peek(key.heap())).isNotNegative();
      for (int i = 0; i < 5_000; i++) { // several growths migrate the entry
        ks.put(ByteKey.of("filler:" + i).heap(), 0, 10, 0, 0);
      }
      clock.nowMs += 3_000;
      assertThat(ks.idleTimeSeconds(key.heap())).as("peek and growth do not reset it").isEqualTo(10);
      ks.lookup(key.heap());
      assertThat(ks.idleTimeSeconds(key.heap())).isZero();
      clock.nowMs += 2_000;
      ks.put(key.heap(), 0, 20, 0, 0);
      assertThat(ks.idleTimeSeconds(key.heap())).as("a write is an access").isZero();
      assertThat(ks.idleTimeSeconds(ByteKey.of("missing").heap())).isEqualTo(Keyspace.NOT_FOUND);
    }
  }

  @Test
  void randomPoliciesEvictOnlyUntilTheWriteFits() {
    for (EvictionPolicy policy : List.of(EvictionPolicy.ALLKEYS_RANDOM, EvictionPolicy.VOLATILE_RANDOM)) {
      try (Keyspace ks = keyspace(2_000, 250_000, policy)) {
        Map<Integer, Boolean> present = new HashMap<>();
        int i = 0;
        while (ks.evictedCount() == 0) {
          assertThat(ks.put(ByteKey.of("key:" + i).heap(), 0, 100, clock.nowMs + FAR, 0)).isNotNegative();
          present.put(i++, true);
        }
        long sizeWhenFull = ks.size();
        for (int step = 0; step < 3_000; step++, i++) {
          long before = ks.evictedCount();
          assertThat(ks.put(ByteKey.of("key:" + i).heap(), 0, 100, clock.nowMs + FAR, 0)).isNotNegative();
          assertThat(ks.evictedCount() - before).as("%s: one equal-size record out per record in", policy)
              .isEqualTo(1);
          assertThat(ks.usedMemoryBytes()).isLessThanOrEqualTo(250_000);
        }
        assertThat(ks.size()).isEqualTo(sizeWhenFull);
        int oldKept = 0;
        for (int k = 0; k < sizeWhenFull; k++) {
          oldKept += ks.peek(ByteKey.of("key:" + k).heap()) >= 0 ? 1 : 0;
        }
        assertThat(oldKept).as("%s: random, not LRU (LRU would keep none of the first keys)", policy).isPositive();
      }
    }
  }

  @Test
  void switchingPoliciesAtRuntimeTakesEffectOnTheNextWrite() {
    try (Keyspace ks = keyspace(1_000, 100_000, EvictionPolicy.NOEVICTION)) {
      int i = 0;
      while (ks.put(ByteKey.of("key:" + i).heap(), 0, 100, 0, 0) >= 0) {
        i++;
      }
      ks.evictionConfig(EvictionConfig.defaults().withPolicy(EvictionPolicy.VOLATILE_LRU));
      assertThat(ks.put(ByteKey.of("x").heap(), 0, 100, 0, 0)).as("no key has a TTL").isEqualTo(Keyspace.OOM);
      ks.evictionConfig(EvictionConfig.defaults().withPolicy(EvictionPolicy.ALLKEYS_LRU));
      assertThat(ks.put(ByteKey.of("x").heap(), 0, 100, 0, 0)).isNotNegative();
      assertThat(ks.peek(ByteKey.of("key:0").heap())).as("the least recently used went").isEqualTo(Keyspace.NOT_FOUND);
      ks.evictionConfig(EvictionConfig.defaults().withPolicy(EvictionPolicy.ALLKEYS_LFU));
      assertThat(ks.put(ByteKey.of("y").heap(), 0, 100, 0, 0)).isNotNegative();
      ks.evictionConfig(EvictionConfig.defaults().withPolicy(EvictionPolicy.ALLKEYS_RANDOM));
      assertThat(ks.put(ByteKey.of("z").heap(), 0, 100, 0, 0)).isNotNegative();
      ks.evictionConfig(EvictionConfig.defaults());
      assertThat(ks.put(ByteKey.of("w").heap(), 0, 100, 0, 0)).isEqualTo(Keyspace.OOM);
      assertThat(ks.put(ByteKey.of("w").heap(), 0, 100, 0, Keyspace.EVICT)).as("the cache protocol's writes")
          .isNotNegative();
      assertThat(ks.evictedCount()).isEqualTo(4);
    }
  }

  @Test
  void aTableThatCannotGrowUnderMaxmemoryStaysAtItsLoadLimitByEvicting() {
    try (Keyspace ks = keyspace(1_000, 60 * 1024, EvictionPolicy.ALLKEYS_LRU)) {
      int buckets = ks.bucketCount();
      long slots = buckets * 7L;
      for (int i = 0; i < 20_000; i++) {
        assertThat(ks.put(ByteKey.of("k" + i).heap(), 0, 0, 0, 0)).isNotNegative();
        assertThat(ks.size()).as("at most 7/8 full, i=%d", i).isLessThanOrEqualTo(slots - slots / 8);
      }
      assertThat(ks.bucketCount()).as("the growth never fits in 60 KiB").isEqualTo(buckets);
      assertThat(ks.evictedCount()).isPositive();
      assertThat(ks.size()).as("load-limited, not memory-limited").isEqualTo(slots - slots / 8);
    }
  }

  @Test
  void volatileCountFollowsTtlChangesDeletesAndClear() {
    try (Keyspace ks = keyspace(16, 0, EvictionPolicy.NOEVICTION)) {
      ks.put(ByteKey.of("a").heap(), 0, 10, clock.nowMs + FAR, 0);
      ks.put(ByteKey.of("b").heap(), 0, 10, 0, 0);
      assertThat(ks.volatileCount()).isEqualTo(1);
      ks.setExpireAt(ByteKey.of("b").heap(), clock.nowMs + FAR);
      assertThat(ks.volatileCount()).isEqualTo(2);
      ks.setExpireAt(ByteKey.of("a").heap(), 0);
      ks.put(ByteKey.of("b").heap(), 0, 10, 0, Keyspace.KEEP_TTL);
      assertThat(ks.volatileCount()).isEqualTo(1);
      ks.delete(ByteKey.of("b").heap());
      assertThat(ks.volatileCount()).isZero();
      ks.put(ByteKey.of("c").heap(), 0, 10, clock.nowMs + 10, 0);
      clock.nowMs += 20;
      assertThat(ks.lookup(ByteKey.of("c").heap())).isEqualTo(Keyspace.NOT_FOUND);
      assertThat(ks.volatileCount()).isZero();
      ks.put(ByteKey.of("d").heap(), 0, 10, clock.nowMs + FAR, 0);
      ks.clear();
      assertThat(ks.volatileCount()).isZero();
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
