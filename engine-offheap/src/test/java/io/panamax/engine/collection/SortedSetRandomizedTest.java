package io.panamax.engine.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.memory.TestSeed;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link SortedSet} against a {@link TreeSet} of (score, member) plus a {@link HashMap}, across both encodings. */
class SortedSetRandomizedTest {
  private static final int TYPE_ZSET = 4;
  private static final MemorySegment KEY = OffHeapStore.bytes("zset");

  private record Element(double score, String member) {}

  private static final Comparator<Element> ORDER =
      Comparator.comparingDouble(Element::score).thenComparing(e -> e.member().getBytes(StandardCharsets.UTF_8),
          java.util.Arrays::compareUnsigned);

  @Test
  void matchesATreeSetModelAcrossEncodings() {
    long seed = TestSeed.seed("matchesATreeSetModelAcrossEncodings");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      ks.valueReleaser(SortedSet::release);
      long baseline = ks.usedMemoryBytes();
      Map<String, Double> scores = new HashMap<>();
      TreeSet<Element> order = new TreeSet<>(ORDER);
      for (int step = 0; step < 40_000; step++) {
        int space = step < 4000 ? 120 : step < 30_000 ? 2000 : 150;
        String member = "m" + rnd.nextInt(space) + (rnd.nextInt(50) == 0 ? "x".repeat(70) : "");
        double score = rnd.nextInt(10) == 0 ? Double.POSITIVE_INFINITY : rnd.nextInt(200) / 4.0;
        String what = "seed=" + seed + " step=" + step + " member=" + member;
        long ref = ks.lookup(KEY);
        int op = rnd.nextInt(100);
        if (op < 50) {
          Double old = scores.put(member, score);
          int expected = old == null ? SortedSet.ADDED : old == score ? SortedSet.UNCHANGED : SortedSet.UPDATED;
          if (old != null) {
            order.remove(new Element(old, member));
          }
          order.add(new Element(score, member));
          assertThat(SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes(member), score)).as(what).isEqualTo(expected);
        } else if (op < (step < 30_000 ? 80 : 95)) {
          Double old = scores.remove(member);
          if (old != null) {
            order.remove(new Element(old, member));
          }
          assertThat(SortedSet.remove(ks, KEY, OffHeapStore.bytes(member))).as(what).isEqualTo(old != null);
        } else if (op < (step < 30_000 ? 84 : 97)) {
          boolean max = rnd.nextBoolean();
          int n = 1 + rnd.nextInt(3);
          List<Element> expected = new ArrayList<>();
          for (int i = 0; i < n && !order.isEmpty(); i++) {
            Element e = max ? order.pollLast() : order.pollFirst();
            scores.remove(e.member());
            expected.add(e);
          }
          List<Element> actual = new ArrayList<>();
          long popped = SortedSet.pop(ks, KEY, n, max, (seg, at, len, sc) -> {
            byte[] bytes = new byte[len];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, bytes, 0, len);
            actual.add(new Element(sc, new String(bytes, StandardCharsets.UTF_8)));
            return true;
          });
          assertThat(actual).as(what + " pop max=" + max).isEqualTo(expected);
          assertThat(popped).as(what).isEqualTo(expected.size());
        } else if (ref >= 0) {
          Double expected = scores.get(member);
          double actual = SortedSet.score(ks, ref, OffHeapStore.bytes(member));
          assertThat(Double.isNaN(actual) ? null : actual).as(what).isEqualTo(expected);
          long rank = SortedSet.rank(ks, ref, OffHeapStore.bytes(member));
          assertThat(rank).as(what).isEqualTo(expected == null ? -1 : order.headSet(new Element(expected, member)).size());
          boolean inclusive = rnd.nextBoolean();
          assertThat(SortedSet.countBelow(ks, ref, score, inclusive)).as(what)
              .isEqualTo(inclusive ? order.headSet(new Element(score, "\uffff"), true).size()
                  : order.headSet(new Element(score, ""), false).size());
          long start = order.isEmpty() ? 0 : rnd.nextInt(order.size());
          boolean reverse = rnd.nextBoolean();
          List<Element> all = new ArrayList<>(reverse ? order.descendingSet() : order);
          List<Element> expectedRange = all.subList((int) start, (int) Math.min(all.size(), start + 10));
          assertThat(range(ks, ref, start, 10, reverse)).as(what).isEqualTo(expectedRange);
        }
        long after = ks.lookup(KEY);
        assertThat(after < 0 ? 0 : SortedSet.count(ks, after)).as(what).isEqualTo(scores.size());
      }
      long ref = ks.lookup(KEY);
      if (ref >= 0) {
        assertThat(range(ks, ref, 0, Long.MAX_VALUE, false)).as("seed=%d", seed).isEqualTo(new ArrayList<>(order));
      }
      ks.delete(KEY);
      assertThat(ks.usedMemoryBytes()).as("seed=%d", seed).isEqualTo(baseline);
    }
  }

  @Test
  void convertsPast128MembersAndFreesEverythingOnDelete() {
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      ks.valueReleaser(SortedSet::release);
      long baseline = ks.usedMemoryBytes();
      for (int i = 0; i < 128; i++) {
        SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes("member:" + i), 1000 - i);
      }
      assertThat(SortedSet.encoding(ks, ks.lookup(KEY))).isEqualTo("listpack");
      for (int i = 128; i < 100_000; i++) {
        SortedSet.put(ks, KEY, TYPE_ZSET, OffHeapStore.bytes("member:" + i), 1000 - i);
      }
      long ref = ks.lookup(KEY);
      assertThat(SortedSet.encoding(ks, ref)).isEqualTo("skiplist");
      assertThat(SortedSet.rank(ks, ref, OffHeapStore.bytes("member:0"))).isEqualTo(99_999);
      assertThat(SortedSet.countBelow(ks, ref, 0, true)).isEqualTo(100_000 - 1000);
      ks.delete(KEY);
      assertThat(ks.usedMemoryBytes()).isEqualTo(baseline);
    }
  }

  private static List<Element> range(Keyspace ks, long ref, long start, long count, boolean reverse) {
    List<Element> out = new ArrayList<>();
    SortedSet.range(ks, ref, start, count, reverse, (seg, at, len, score) -> {
      byte[] bytes = new byte[len];
      MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, bytes, 0, len);
      out.add(new Element(score, new String(bytes, StandardCharsets.UTF_8)));
      return true;
    });
    return out;
  }
}
