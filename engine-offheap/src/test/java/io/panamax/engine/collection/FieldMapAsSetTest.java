package io.panamax.engine.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.memory.TestSeed;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link FieldMap} used as a set (empty values, add-if-absent) against a {@link HashSet} model, with random picks. */
class FieldMapAsSetTest {
  private static final MemorySegment EMPTY = MemorySegment.ofArray(new byte[0]);
  private static final MemorySegment KEY = OffHeapStore.bytes("set");

  @Test
  void matchesAHashSetModelIncludingRandomMembers() {
    long seed = TestSeed.seed("matchesAHashSetModelIncludingRandomMembers");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      long baseline = ks.usedMemoryBytes();
      Set<String> model = new HashSet<>();
      FieldMap.Entry e = new FieldMap.Entry();
      for (int step = 0; step < 40_000; step++) {
        int space = step < 20_000 ? 3000 : 300; // grow past the packed limit, then shrink the table
        String member = Integer.toString(rnd.nextInt(space));
        String what = "seed=" + seed + " step=" + step + " member=" + member;
        if (rnd.nextInt(100) < (step < 20_000 ? 60 : 30)) {
          int status = FieldMap.put(ks, KEY, 3, OffHeapStore.bytes(member), EMPTY, true);
          assertThat(status).as(what).isEqualTo(model.add(member) ? FieldMap.ADDED : FieldMap.PRESENT);
        } else {
          assertThat(FieldMap.remove(ks, KEY, OffHeapStore.bytes(member))).as(what).isEqualTo(model.remove(member));
        }
        long ref = ks.lookup(KEY);
        assertThat(ref >= 0 ? FieldMap.count(ks, ref) : 0).as(what).isEqualTo(model.size());
        if (ref >= 0 && step % 100 == 0) {
          FieldMap.random(ks, ref, new java.util.Random(rnd.nextLong()), e);
          assertThat(model).as(what).contains(new String(e.field(), StandardCharsets.UTF_8));
          assertThat(e.valueLength).isZero();
        }
      }
      Set<String> members = new HashSet<>();
      long ref = ks.lookup(KEY);
      if (ref >= 0) {
        FieldMap.forEach(ks, ref, x -> members.add(new String(x.field(), StandardCharsets.UTF_8)));
      }
      assertThat(members).as("seed=%d", seed).isEqualTo(model);
      ks.delete(KEY);
      assertThat(ks.usedMemoryBytes()).as("seed=%d", seed).isEqualTo(baseline);
    }
  }
}
