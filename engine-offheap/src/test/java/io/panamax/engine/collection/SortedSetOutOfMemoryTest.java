package io.panamax.engine.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sorted set that runs out of memory loses nothing: ZADD's OOM reply means the set is as it was. */
class SortedSetOutOfMemoryTest {
  private static final int TYPE_ZSET = 4;
  private static final MemorySegment KEY = OffHeapStore.bytes("z");

  /** Members in (score, member) order, read back through the public range walk. */
  private static List<String> members(Keyspace ks) {
    List<String> out = new ArrayList<>();
    long ref = ks.lookup(KEY);
    SortedSet.range(ks, ref, 0, SortedSet.count(ks, ref), false, (seg, at, len, score) -> {
      out.add(new String(FieldMap.copy(seg, at, len), java.nio.charset.StandardCharsets.UTF_8) + "=" + score);
      return true;
    });
    return out;
  }

  private static void fillPacked(Keyspace ks, int n) {
    for (int i = 0; i < n; i++) {
      assertThat(SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes("member:" + i), i)).isEqualTo(SortedSet.ADDED);
    }
  }

  @Test
  void aConversionToTheSkiplistFormThatRunsOutOfMemoryLeavesThePackedSetAsItWas() {
    // Every budget from none to more than the conversion needs: each allocation of the conversion (head node,
    // table, record, member nodes) is the one that fails for some budget.
    int failures = 0;
    for (int budget = 0; budget <= 24_576; budget += 64) {
      try (OffHeapStore store = new OffHeapStore()) {
        Keyspace ks = store.keyspace;
        ks.valueReleaser(SortedSet::release);
        fillPacked(ks, 128); // the packed form's limit: the 129th member converts
        long expireAtMs = System.currentTimeMillis() + 3_600_000;
        assertThat(ks.setExpireAt(KEY, expireAtMs)).isTrue();
        List<String> before = members(ks);
        ks.maxmemoryBytes(ks.usedMemoryBytes() + budget);
        int status = SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes("member:128"), 128);
        long ref = ks.lookup(KEY);
        assertThat(ref).as("budget=%d status=%d: the key survives", budget, status).isNotNegative();
        assertThat(ks.expireAtMs(ref)).as("budget=%d", budget).isEqualTo(expireAtMs);
        if (status == SortedSet.OOM) {
          failures++;
          // The members and TTL are as they were; the encoding may already be the skiplist when only the new
          // member's own node did not fit after a complete conversion.
          assertThat(members(ks)).as("budget=%d", budget).isEqualTo(before);
        } else {
          assertThat(status).isEqualTo(SortedSet.ADDED);
          assertThat(SortedSet.encoding(ks, ref)).isEqualTo("skiplist");
          assertThat(members(ks)).hasSize(129).endsWith("member:128=128.0");
        }
      }
    }
    assertThat(failures).as("some budgets are too small").isPositive();
  }

  @Test
  void movingAPackedMemberToANewScoreNeverRunsOutOfMemory() {
    // Members of 2-12 bytes, so that taking one out and putting it back (what an update used to do) crosses the
    // record's size-class boundaries for some of them; every budget from none up.
    for (int budget = 0; budget <= 2048; budget += 16) {
      try (OffHeapStore store = new OffHeapStore()) {
        Keyspace ks = store.keyspace;
        ks.valueReleaser(SortedSet::release);
        java.util.TreeMap<String, Double> model = new java.util.TreeMap<>();
        for (int i = 0; i < 120; i++) {
          String m = "m" + i + "-".repeat(i % 11);
          SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes(m), i);
          model.put(m, (double) i);
        }
        ks.maxmemoryBytes(ks.usedMemoryBytes() + budget);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(budget);
        List<String> names = new ArrayList<>(model.keySet());
        for (int move = 0; move < 40; move++) {
          String m = names.get(rnd.nextInt(names.size()));
          double score = rnd.nextInt(250) - 60 + 0.5;
          assertThat(SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes(m), score))
              .as("budget=%d move=%d member=%s", budget, move, m).isEqualTo(SortedSet.UPDATED);
          model.put(m, score);
        }
        List<String> expected = model.entrySet().stream()
            .sorted(java.util.Map.Entry.<String, Double>comparingByValue().thenComparing(java.util.Map.Entry.comparingByKey()))
            .map(e -> e.getKey() + "=" + e.getValue())
            .toList();
        assertThat(members(ks)).as("budget=%d", budget).isEqualTo(expected);
      }
    }
  }
}
