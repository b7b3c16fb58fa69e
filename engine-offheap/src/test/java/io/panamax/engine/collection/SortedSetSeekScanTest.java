package io.panamax.engine.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.memory.TestSeed;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link SortedSet#countBelowPair} (ZQUERY's seek) against a TreeSet model, and {@link SortedSet#scan} completeness. */
class SortedSetSeekScanTest {
  private static final int TYPE_ZSET = 4;
  private static final MemorySegment KEY = OffHeapStore.bytes("zset");

  private record Element(double score, String member) {}

  private static final Comparator<Element> ORDER =
      Comparator.comparingDouble(Element::score).thenComparing(e -> e.member().getBytes(StandardCharsets.UTF_8),
          java.util.Arrays::compareUnsigned);

  @Test
  void seekMatchesTheModelInBothEncodings() {
    long seed = TestSeed.seed("seekMatchesTheModelInBothEncodings");
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int size : new int[] {1, 60, 128, 3000}) {
      try (OffHeapStore store = new OffHeapStore()) {
        Keyspace ks = store.keyspace;
        ks.valueReleaser(SortedSet::release);
        TreeSet<Element> model = new TreeSet<>(ORDER);
        Map<String, Double> scores = new HashMap<>();
        while (scores.size() < size) {
          String m = "m" + rnd.nextInt(size * 4);
          double s = rnd.nextInt(20) / 2.0;
          Double old = scores.put(m, s);
          if (old != null) {
            model.remove(new Element(old, m));
          }
          model.add(new Element(s, m));
          SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes(m), s);
        }
        long ref = ks.lookup(KEY);
        for (int q = 0; q < 500; q++) {
          double s = rnd.nextInt(24) / 2.0 - 1;
          String m = rnd.nextBoolean() ? "m" + rnd.nextInt(size * 4) : rnd.nextBoolean() ? "" : "n";
          long expected = model.headSet(new Element(s, m), false).size();
          assertThat(SortedSet.countBelowPair(ks, ref, s, OffHeapStore.bytes(m)))
              .as("seed=%d size=%d score=%s member=%s", seed, size, s, m).isEqualTo(expected);
        }
        assertThat(SortedSet.countBelowPair(ks, ref, Double.NEGATIVE_INFINITY, OffHeapStore.bytes(""))).isZero();
        assertThat(SortedSet.countBelowPair(ks, ref, Double.POSITIVE_INFINITY, OffHeapStore.bytes("")))
            .isEqualTo(size);
      }
    }
  }

  @Test
  void scanVisitsEveryMemberPresentThroughoutDespiteGrowthAndConversion() {
    long seed = TestSeed.seed("scanVisitsEveryMemberPresentThroughoutDespiteGrowthAndConversion");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      ks.valueReleaser(SortedSet::release);
      Set<String> stable = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes("s" + i), i);
        stable.add("s" + i);
      }
      Set<String> seen = new HashSet<>();
      Map<String, Double> scoresSeen = new HashMap<>();
      long cursor = 0;
      int calls = 0;
      int added = 0;
      do {
        cursor = SortedSet.scan(ks, ks.lookup(KEY), cursor, 1 + rnd.nextInt(40), (seg, at, len, score) -> {
          String m = new String(seg.asSlice(at, len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
          seen.add(m);
          scoresSeen.put(m, score);
          return true;
        });
        calls++;
        // Between calls: the set converts to the skiplist form and its table grows several times; churn removes
        // members that are not part of the stable set.
        for (int i = 0; i < 1 + rnd.nextInt(500); i++) {
          SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes("g" + added++), rnd.nextInt(1000));
        }
        SortedSet.remove(ks, KEY, OffHeapStore.bytes("g" + rnd.nextInt(Math.max(1, added))));
      } while (cursor != 0 && calls < 1_000_000);
      assertThat(seen).as("seed=%d calls=%d", seed, calls).containsAll(stable);
      for (String m : stable) {
        assertThat(scoresSeen.get(m)).isEqualTo(Double.parseDouble(m.substring(1)));
      }
    }
  }

  @Test
  void scanOfALargeSetStartedAfterConversionIsIncrementalAndComplete() {
    long seed = TestSeed.seed("scanOfALargeSetStartedAfterConversionIsIncrementalAndComplete");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      ks.valueReleaser(SortedSet::release);
      for (int i = 0; i < 5000; i++) {
        SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes("s" + i), i);
      }
      Set<String> seen = new HashSet<>();
      long cursor = 0;
      int calls = 0;
      int added = 0;
      do {
        cursor = SortedSet.scan(ks, ks.lookup(KEY), cursor, 10, (seg, at, len, score) -> {
          seen.add(new String(seg.asSlice(at, len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
          return true;
        });
        calls++;
        for (int i = 0; i < rnd.nextInt(30); i++) {
          SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes("g" + added++), 0);
        }
      } while (cursor != 0);
      assertThat(calls).isGreaterThan(10);
      for (int i = 0; i < 5000; i++) {
        assertThat(seen).as("seed=%d", seed).contains("s" + i);
      }
    }
  }
}
