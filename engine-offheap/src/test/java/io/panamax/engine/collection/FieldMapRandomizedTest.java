package io.panamax.engine.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.memory.TestSeed;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random operation sequences on {@link FieldMap} compared with the on-heap model, and memory accounting. */
class FieldMapRandomizedTest {
  private static final String[] KEYS = {"a", "b", "c", "d"};

  @Test
  void matchesTheModelAcrossPackedAndTableEncodings() {
    long seed = TestSeed.seed("matchesTheModelAcrossPackedAndTableEncodings");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (OffHeapStore offHeap = new OffHeapStore(); ModelStore model = new ModelStore()) {
      long baseline = offHeap.keyspace.usedMemoryBytes();
      for (int step = 0; step < 60_000; step++) {
        String key = KEYS[rnd.nextInt(KEYS.length)];
        int fieldSpace = key.equals("a") ? 20 : key.equals("b") ? 200 : 2000;
        String field = "f" + rnd.nextInt(fieldSpace);
        int op = rnd.nextInt(100);
        String what = "seed=" + seed + " step=" + step + " key=" + key + " field=" + field;
        if (op < 55) {
          String value = "v".repeat(rnd.nextInt(rnd.nextInt(20) == 0 ? 200 : 20));
          boolean nx = rnd.nextInt(10) == 0;
          assertThat(offHeap.put(key, field, value, nx)).as(what).isEqualTo(model.put(key, field, value, nx));
        } else if (op < 90) {
          assertThat(offHeap.remove(key, field)).as(what).isEqualTo(model.remove(key, field));
        } else if (op < 99) {
          assertThat(offHeap.get(key, field)).as(what).isEqualTo(model.get(key, field));
        } else {
          assertThat(offHeap.deleteKey(key)).as(what).isEqualTo(model.deleteKey(key));
        }
        assertThat(offHeap.count(key)).as(what).isEqualTo(model.count(key));
        if (step % 5000 == 0) {
          for (String k : KEYS) {
            assertEntries(offHeap, model, k, what);
          }
        }
      }
      for (String k : KEYS) {
        assertEntries(offHeap, model, k, "seed=" + seed + " final");
        offHeap.deleteKey(k);
      }
      assertThat(offHeap.keyspace.usedMemoryBytes()).as("seed=%d", seed).isEqualTo(baseline);
    }
  }

  private static void assertEntries(OffHeapStore offHeap, ModelStore model, String key, String what) {
    long ref = offHeap.keyspace.lookup(OffHeapStore.bytes(key));
    if (ref >= 0 && FieldMap.isPacked(offHeap.keyspace, ref)) {
      assertThat(offHeap.entries(key)).as(what).containsExactlyEntriesOf(model.entries(key));
    } else {
      assertThat(offHeap.entries(key)).as(what).isEqualTo(model.entries(key));
    }
  }

  @Test
  void deletingExpiringOrOverwritingALargeMapReturnsItsMemory() {
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      long baseline = ks.usedMemoryBytes();
      fill(store, "h", 5000);
      long ref = ks.lookup(OffHeapStore.bytes("h"));
      assertThat(FieldMap.isPacked(ks, ref)).isFalse();
      assertThat(ks.usedMemoryBytes()).isGreaterThan(baseline + 5000 * 16);
      assertThat(store.deleteKey("h")).isTrue();
      assertThat(ks.usedMemoryBytes()).isEqualTo(baseline);

      fill(store, "h", 5000);
      ks.setExpireAt(OffHeapStore.bytes("h"), 1);
      assertThat(ks.lookup(OffHeapStore.bytes("h"))).isEqualTo(Keyspace.NOT_FOUND);
      assertThat(ks.usedMemoryBytes()).isEqualTo(baseline);

      fill(store, "h", 5000);
      long s = ks.put(OffHeapStore.bytes("h"), Keyspace.TYPE_STRING, 0, 0, 0);
      assertThat(s).isNotNegative();
      ks.delete(OffHeapStore.bytes("h"));
      assertThat(ks.usedMemoryBytes()).isEqualTo(baseline);
    }
  }

  @Test
  void putFailsWithOomUnderMaxmemoryAndLeavesNoEmptyKey() {
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      ks.maxmemoryBytes(ks.usedMemoryBytes() + 64 * 1024);
      int status = FieldMap.ADDED;
      int i = 0;
      while (status != FieldMap.OOM) {
        status = store.put("h", "field" + i, "value" + i++, false);
      }
      assertThat(store.count("h")).isEqualTo(i - 1);
      MemorySegment fresh = OffHeapStore.bytes("other");
      assertThat(FieldMap.put(ks, fresh, 1, OffHeapStore.bytes("x".repeat(100_000)), OffHeapStore.bytes("y"), false))
          .isEqualTo(FieldMap.OOM);
      assertThat(ks.lookup(fresh)).isEqualTo(Keyspace.NOT_FOUND);
    }
  }

  private static void fill(OffHeapStore store, String key, int n) {
    for (int i = 0; i < n; i++) {
      store.put(key, "field:" + i, "value:" + i, false);
    }
  }
}
