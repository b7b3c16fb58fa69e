package io.panamax.engine.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.memory.TestSeed;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link QuickList} against an {@link ArrayList} model under random operations, and its memory accounting. */
class QuickListRandomizedTest {
  private static final int TYPE_LIST = 2;
  private static final MemorySegment KEY = OffHeapStore.bytes("list");

  @Test
  void matchesAnArrayListModelUnderRandomOperations() {
    long seed = TestSeed.seed("matchesAnArrayListModelUnderRandomOperations");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      ks.valueReleaser((k, ref) -> QuickList.release(k, ref));
      long baseline = ks.usedMemoryBytes();
      List<String> model = new ArrayList<>();
      for (int step = 0; step < 30_000; step++) {
        String what = "seed=" + seed + " step=" + step;
        int op = rnd.nextInt(100);
        long ref = ks.lookup(KEY);
        int size = model.size();
        if (op < 40 || size == 0) {
          String v = value(rnd);
          boolean left = rnd.nextBoolean();
          assertThat(QuickList.push(ks, KEY, TYPE_LIST, OffHeapStore.bytes(v), left)).as(what).isEqualTo(size + 1);
          if (left) {
            model.add(0, v);
          } else {
            model.add(v);
          }
        } else if (op < 65) {
          boolean left = rnd.nextBoolean();
          String expected = left ? model.remove(0) : model.remove(size - 1);
          assertThat(text(QuickList.pop(ks, KEY, left))).as(what).isEqualTo(expected);
        } else if (op < 75) {
          int index = rnd.nextInt(size);
          String v = value(rnd);
          assertThat(QuickList.set(ks, ref, index, OffHeapStore.bytes(v))).as(what).isEqualTo(QuickList.OK);
          model.set(index, v);
        } else if (op < 83) {
          String pivot = rnd.nextBoolean() ? model.get(rnd.nextInt(size)) : "absent";
          boolean after = rnd.nextBoolean();
          String v = value(rnd);
          int at = model.indexOf(pivot);
          long result = QuickList.insert(ks, ref, after, OffHeapStore.bytes(pivot), OffHeapStore.bytes(v));
          if (at < 0) {
            assertThat(result).as(what).isEqualTo(QuickList.NO_PIVOT);
          } else {
            model.add(after ? at + 1 : at, v);
            assertThat(result).as(what).isEqualTo(model.size());
          }
        } else if (op < 93) {
          String target = model.get(rnd.nextInt(size));
          long count = rnd.nextInt(5) - 2;
          long expected = removeFromModel(model, target, count);
          assertThat(QuickList.remove(ks, KEY, ref, count, OffHeapStore.bytes(target))).as(what).isEqualTo(expected);
        } else if (op < 96) {
          int start = rnd.nextInt(Math.max(1, size / 10));
          int stop = size - 1 - rnd.nextInt(Math.max(1, size / 10));
          QuickList.trim(ks, KEY, ref, start, stop);
          List<String> kept = start > stop ? List.of() : new ArrayList<>(model.subList(start, stop + 1));
          model.clear();
          model.addAll(kept);
        } else if (op < 98) {
          int start = rnd.nextInt(size);
          int count = 1 + rnd.nextInt(Math.min(size - start, 20));
          List<String> got = new ArrayList<>();
          QuickList.range(ks, ref, start, count, (seg, offset, len) -> got.add(text(seg, offset, len)));
          assertThat(got).as(what).isEqualTo(model.subList(start, start + count));
        } else {
          assertThat(read(ks)).as(what).isEqualTo(model);
        }
        long after = ks.lookup(KEY);
        assertThat(after < 0 ? 0 : QuickList.length(ks, after)).as(what).isEqualTo(model.size());
      }
      assertThat(read(ks)).as("seed=%d", seed).isEqualTo(model);
      List<String> reversed = new ArrayList<>();
      long ref = ks.lookup(KEY);
      if (ref >= 0) {
        QuickList.reverse(ks, ref, (seg, offset, len) -> {
          reversed.add(0, text(seg, offset, len));
          return true;
        });
      }
      assertThat(reversed).as("seed=%d", seed).isEqualTo(model);
      ks.delete(KEY);
      assertThat(ks.usedMemoryBytes()).as("seed=%d", seed).isEqualTo(baseline);
    }
  }

  @Test
  void tailPopsStayCorrectWhenListsOfTwoKeyspacesInterleaveOnOneThread() {
    long seed = TestSeed.seed("tailPopsStayCorrectWhenListsOfTwoKeyspacesInterleaveOnOneThread");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (OffHeapStore first = new OffHeapStore(); OffHeapStore second = new OffHeapStore()) {
      Keyspace[] spaces = {first.keyspace, second.keyspace};
      for (Keyspace ks : spaces) {
        ks.valueReleaser((k, ref) -> QuickList.release(k, ref));
      }
      List<List<String>> models = List.of(new ArrayList<>(), new ArrayList<>());
      for (int step = 0; step < 40_000; step++) {
        String what = "seed=" + seed + " step=" + step;
        int which = rnd.nextInt(2);
        Keyspace ks = spaces[which];
        List<String> model = models.get(which);
        int op = rnd.nextInt(10);
        if (op < 5 || model.isEmpty()) {
          // short equal-length elements: thousands per node, the shape where a tail pop used to rescan the node
          String v = "e" + rnd.nextInt(10) + rnd.nextInt(10);
          boolean left = op == 0;
          QuickList.push(ks, KEY, TYPE_LIST, OffHeapStore.bytes(v), left);
          if (left) {
            model.add(0, v);
          } else {
            model.add(v);
          }
        } else if (op < 9) {
          boolean left = op == 5;
          String expected = left ? model.remove(0) : model.remove(model.size() - 1);
          assertThat(text(QuickList.pop(ks, KEY, left))).as(what).isEqualTo(expected);
        } else {
          int index = rnd.nextInt(model.size());
          String v = "s" + rnd.nextInt(100);
          assertThat(QuickList.set(ks, ks.lookup(KEY), index, OffHeapStore.bytes(v))).as(what).isEqualTo(QuickList.OK);
          model.set(index, v);
        }
      }
      for (int i = 0; i < 2; i++) {
        assertThat(read(spaces[i])).as("seed=%d", seed).isEqualTo(models.get(i));
      }
    }
  }

  @Test
  void poppingEveryElementFreesEveryNode() {
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      ks.valueReleaser((k, ref) -> QuickList.release(k, ref));
      long baseline = ks.usedMemoryBytes();
      SplittableRandom rnd = new SplittableRandom(7);
      for (int i = 0; i < 100_000; i++) { // random bytes: nothing to compress, every node stays raw
        byte[] element = new byte[12];
        rnd.nextBytes(element);
        QuickList.push(ks, KEY, TYPE_LIST, MemorySegment.ofArray(element), i % 2 == 0);
      }
      assertThat(ks.usedMemoryBytes() - baseline).isGreaterThan(100_000L * 13);
      for (int i = 0; i < 100_000; i++) {
        assertThat(QuickList.pop(ks, KEY, i % 3 == 0)).isNotNull();
      }
      assertThat(ks.lookup(KEY)).isEqualTo(Keyspace.NOT_FOUND);
      assertThat(ks.usedMemoryBytes()).isEqualTo(baseline);
    }
  }

  @Test
  void interiorNodesAreCompressedAndEveryOperationReachesThem() {
    long seed = TestSeed.seed("interiorNodesAreCompressedAndEveryOperationReachesThem");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      ks.valueReleaser((k, ref) -> QuickList.release(k, ref));
      long baseline = ks.usedMemoryBytes();
      List<String> model = new ArrayList<>();
      for (int i = 0; i < 200_000; i++) {
        String v = String.format("member:%09d", i);
        QuickList.push(ks, KEY, TYPE_LIST, OffHeapStore.bytes(v), false);
        model.add(v);
      }
      // 17 bytes per entry raw; zstd keeps the interior nodes' 16-byte counters in a few bytes each.
      assertThat(ks.usedMemoryBytes() - baseline).as("seed=%d", seed).isLessThan(200_000L * 8);
      for (int step = 0; step < 3_000; step++) {
        String what = "seed=" + seed + " step=" + step;
        long ref = ks.lookup(KEY);
        int size = model.size();
        int index = rnd.nextInt(size);
        int op = rnd.nextInt(8);
        if (op == 0) {
          String v = "set:" + step;
          assertThat(QuickList.set(ks, ref, index, OffHeapStore.bytes(v))).as(what).isEqualTo(QuickList.OK);
          model.set(index, v);
        } else if (op == 1) {
          String pivot = model.get(index);
          boolean after = rnd.nextBoolean();
          String v = "ins:" + step;
          assertThat(QuickList.insert(ks, ref, after, OffHeapStore.bytes(pivot), OffHeapStore.bytes(v))).as(what)
              .isEqualTo(size + 1);
          int at = model.indexOf(pivot);
          model.add(after ? at + 1 : at, v);
        } else if (op == 2) {
          String target = model.get(index);
          long count = rnd.nextBoolean() ? 1 : -1;
          long expected = removeFromModel(model, target, count);
          assertThat(QuickList.remove(ks, KEY, ref, count, OffHeapStore.bytes(target))).as(what).isEqualTo(expected);
        } else if (op == 3) {
          boolean left = rnd.nextBoolean();
          String expected = left ? model.remove(0) : model.remove(size - 1);
          assertThat(text(QuickList.pop(ks, KEY, left))).as(what).isEqualTo(expected);
        } else if (op == 4 && step % 50 == 0) {
          int drop = rnd.nextInt(1 + size / 100);
          QuickList.trim(ks, KEY, ref, drop, size - 1 - rnd.nextInt(1 + size / 100));
          int stop = size - 1 - (int) (size - QuickList.length(ks, ks.lookup(KEY)) - drop);
          model.subList(stop + 1, size).clear();
          model.subList(0, drop).clear();
        } else {
          int count = 1 + rnd.nextInt(Math.min(size - index, 600));
          List<String> got = new ArrayList<>();
          QuickList.range(ks, ref, index, count, (seg, offset, len) -> got.add(text(seg, offset, len)));
          assertThat(got).as(what).isEqualTo(model.subList(index, index + count));
        }
        assertThat(QuickList.length(ks, ks.lookup(KEY))).as(what).isEqualTo(model.size());
      }
      assertThat(read(ks)).as("seed=%d", seed).isEqualTo(model);
      while (!model.isEmpty()) { // pops reach nodes that were interior, and compressed, when the list was longer
        boolean left = rnd.nextBoolean();
        String expected = left ? model.remove(0) : model.remove(model.size() - 1);
        assertThat(text(QuickList.pop(ks, KEY, left))).as("seed=%d", seed).isEqualTo(expected);
      }
      assertThat(ks.lookup(KEY)).isEqualTo(Keyspace.NOT_FOUND);
      assertThat(ks.usedMemoryBytes()).as("seed=%d", seed).isEqualTo(baseline);
    }
  }

  private static long removeFromModel(List<String> model, String target, long count) {
    long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
    long removed = 0;
    if (count >= 0) {
      for (int i = 0; i < model.size() && removed < limit; ) {
        if (model.get(i).equals(target)) {
          model.remove(i);
          removed++;
        } else {
          i++;
        }
      }
    } else {
      for (int i = model.size() - 1; i >= 0 && removed < limit; i--) {
        if (model.get(i).equals(target)) {
          model.remove(i);
          removed++;
        }
      }
    }
    return removed;
  }

  private static List<String> read(Keyspace ks) {
    List<String> out = new ArrayList<>();
    long ref = ks.lookup(KEY);
    if (ref >= 0) {
      QuickList.range(ks, ref, 0, QuickList.length(ks, ref), (seg, offset, len) -> out.add(text(seg, offset, len)));
    }
    return out;
  }

  private static String value(SplittableRandom rnd) {
    int kind = rnd.nextInt(100);
    int length = kind < 80 ? rnd.nextInt(12) : kind < 98 ? 200 + rnd.nextInt(200) : 9000 + rnd.nextInt(100);
    return ("v" + rnd.nextInt(8)).repeat(length / 2 + 1).substring(0, length);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static String text(MemorySegment seg, long offset, int length) {
    byte[] out = new byte[length];
    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, out, 0, length);
    return new String(out, StandardCharsets.UTF_8);
  }
}
