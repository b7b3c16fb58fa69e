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

/** {@link FieldMap#scan}: every field present for the whole scan is visited, across growth and shrinking. */
class FieldMapScanTest {
  private static final MemorySegment KEY = OffHeapStore.bytes("h");
  private static final MemorySegment EMPTY = MemorySegment.ofArray(new byte[0]);
  /**
   * Fields added (grow rounds) or present then removed (shrink rounds) during one scan. Growth is bounded: a table
   * that grows by 50 fields per call of a 1-20 element scan forever outruns the cursor (the scanned fraction per call
   * shrinks like 1/size), so the scan would never end, in Redis too.
   */
  private static final int MAX_TRANSIENT = 20_000;

  @Test
  void visitsEveryStableFieldWhileTheTableGrowsAndShrinks() {
    long seed = TestSeed.seed("visitsEveryStableFieldWhileTheTableGrowsAndShrinks");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      for (int round = 0; round < 20; round++) {
        ks.delete(KEY);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 600 + rnd.nextInt(2000); i++) {
          String f = "stable:" + i;
          stable.add(f);
          FieldMap.put(ks, KEY, 1, OffHeapStore.bytes(f), EMPTY, false);
        }
        boolean grow = round % 2 == 0;
        int transient_ = 0;
        if (!grow) {
          for (; transient_ < MAX_TRANSIENT; transient_++) {
            FieldMap.put(ks, KEY, 1, OffHeapStore.bytes("t:" + transient_), EMPTY, false);
          }
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int calls = 0;
        do {
          long ref = ks.lookup(KEY);
          cursor = FieldMap.scan(ks, ref, cursor, 1 + rnd.nextInt(20),
              e -> seen.add(new String(e.field(), StandardCharsets.UTF_8)));
          calls++;
          for (int k = 0; k < 50; k++) {
            if (grow && transient_ < MAX_TRANSIENT) {
              FieldMap.put(ks, KEY, 1, OffHeapStore.bytes("t:" + transient_++), EMPTY, false);
            } else if (transient_ > 0) {
              FieldMap.remove(ks, KEY, OffHeapStore.bytes("t:" + --transient_));
            }
          }
        } while (cursor != 0 && calls < 1_000_000);
        assertThat(seen).as("seed=%d round=%d", seed, round).containsAll(stable);
      }
    }
  }
}
