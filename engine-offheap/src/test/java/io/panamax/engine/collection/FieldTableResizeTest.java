package io.panamax.engine.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.memory.TestSeed;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link FieldTable}'s incremental resize: no operation moves the whole table, and nothing is lost meanwhile. */
class FieldTableResizeTest {
  private static final MemorySegment KEY = OffHeapStore.bytes("h");

  private static int capacity(Keyspace ks) {
    long ref = ks.lookup(KEY);
    return ks.segment(ref).get(FieldMapDescriptor.U32, ks.valueOffset(ref) + FieldMapDescriptor.TABLE_CAPACITY_OFFSET);
  }

  private static int draining(Keyspace ks) {
    return FieldTable.drainCapacity(ks, ks.lookup(KEY));
  }

  @Test
  void growingAndShrinkingDrainTheOldTableAFewSlotsPerWrite() {
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      long baseline = ks.usedMemoryBytes();
      int added = 0;
      while (ks.lookup(KEY) < 0 || FieldMap.isPacked(ks, ks.lookup(KEY))) {
        store.put("h", "f" + added, "v" + added, false);
        added++;
      }
      for (int resizes = 0; resizes < 5; resizes++) {
        int old = capacity(ks);
        while (capacity(ks) == old) {
          store.put("h", "f" + added, "v" + added, false);
          added++;
        }
        assertThat(capacity(ks)).isEqualTo(2 * old);
        assertThat(draining(ks)).as("resize %d: the old table is still draining after the insert that grew it", resizes)
            .isEqualTo(old);
        int writes = 0;
        while (draining(ks) != 0) {
          store.put("h", "f" + added, "v" + added, false);
          added++;
          writes++;
          for (int probe = 0; probe < added; probe += 1 + added / 200) {
            assertThat(store.get("h", "f" + probe)).as("f%d while draining", probe).isEqualTo("v" + probe);
          }
        }
        assertThat(writes).as("drained at 16 slots per write").isBetween(1, old / FieldTable.DRAIN_STEP_SLOTS + 1);
      }
      int grown = capacity(ks);
      int removed = 0;
      while (capacity(ks) == grown) {
        assertThat(store.remove("h", "f" + removed)).isTrue();
        removed++;
      }
      assertThat(capacity(ks)).isEqualTo(grown / 2);
      assertThat(draining(ks)).as("shrinking drains too").isEqualTo(grown);
      for (int i = 0; i < added; i++) {
        assertThat(store.get("h", "f" + i)).as("f%d after the shrink started", i).isEqualTo(i < removed ? null : "v" + i);
      }
      assertThat(store.count("h")).isEqualTo(added - removed);
      assertThat(store.deleteKey("h")).isTrue();
      assertThat(ks.usedMemoryBytes()).as("both tables and every entry freed").isEqualTo(baseline);
    }
  }

  @Test
  void randomWritesAcrossManyResizesMatchAHashMap() {
    long seed = TestSeed.seed("randomWritesAcrossManyResizesMatchAHashMap");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      long baseline = ks.usedMemoryBytes();
      Map<String, String> model = new HashMap<>();
      List<String> fields = new ArrayList<>();
      int drainingSeen = 0;
      for (int phase = 0; phase < 12; phase++) {
        boolean growing = phase % 2 == 0;
        int target = growing ? 2_000 + rnd.nextInt(20_000) : rnd.nextInt(600);
        int steps = 0;
        while (growing ? model.size() < target : model.size() > target) {
          String what = "seed=" + seed + " phase=" + phase + " step=" + steps++;
          int op = rnd.nextInt(100);
          if (op < (growing ? 70 : 30)) {
            String field = "f" + rnd.nextInt(40_000);
            String value = "v".repeat(rnd.nextInt(rnd.nextInt(16) == 0 ? 90 : 12));
            boolean isNew = !model.containsKey(field);
            int status = store.put("h", field, value, false);
            assertThat(status).as(what).isEqualTo(isNew ? FieldMap.ADDED : FieldMap.UPDATED);
            if (isNew) {
              fields.add(field);
            }
            model.put(field, value);
          } else if (!fields.isEmpty() && rnd.nextInt(4) == 0) { // SPOP's path: a random entry removed in place
            String[] popped = new String[2];
            assertThat(FieldMap.popRandom(ks, KEY, rnd, e -> {
              popped[0] = new String(e.field(), StandardCharsets.UTF_8);
              popped[1] = new String(e.value(), StandardCharsets.UTF_8);
            })).as(what).isTrue();
            assertThat(model).as(what + " popped").containsEntry(popped[0], popped[1]);
            model.remove(popped[0]);
            int at = fields.indexOf(popped[0]);
            fields.set(at, fields.get(fields.size() - 1));
            fields.remove(fields.size() - 1);
            assertThat(store.remove("h", popped[0])).as(what + " popped twice").isFalse();
          } else if (!fields.isEmpty()) {
            int at = rnd.nextInt(fields.size());
            String field = fields.get(at);
            fields.set(at, fields.get(fields.size() - 1));
            fields.remove(fields.size() - 1);
            assertThat(store.remove("h", field)).as(what).isTrue();
            model.remove(field);
            assertThat(store.remove("h", field)).as(what + " twice").isFalse();
          }
          assertThat(store.count("h")).as(what).isEqualTo(model.size());
          if (!fields.isEmpty()) {
            String field = fields.get(rnd.nextInt(fields.size()));
            assertThat(store.get("h", field)).as(what + " " + field).isEqualTo(model.get(field));
          }
          long ref = ks.lookup(KEY);
          if (ref >= 0 && !FieldMap.isPacked(ks, ref)) {
            if (FieldTable.drainCapacity(ks, ref) != 0) {
              drainingSeen++;
            }
            if (steps % 97 == 0 && !model.isEmpty()) {
              FieldMap.Entry e = new FieldMap.Entry();
              FieldMap.random(ks, ref, rnd, e);
              String field = new String(e.field(), StandardCharsets.UTF_8);
              assertThat(model).as(what + " random").containsEntry(field, new String(e.value(), StandardCharsets.UTF_8));
            }
          }
        }
        assertThat(store.entries("h")).as("seed=%d phase=%d", seed, phase).isEqualTo(model);
      }
      assertThat(drainingSeen).as("seed=%d: writes ran while a resize was draining", seed).isPositive();
      store.deleteKey("h");
      assertThat(ks.usedMemoryBytes()).as("seed=%d", seed).isEqualTo(baseline);
    }
  }
}
