package io.panamax.engine.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** {@link LazyFree}: big collections are unlinked at once and freed in bounded steps; small ones on the spot. */
class LazyFreeTest {
  private static final int TYPE_HASH = 1;
  private static final int TYPE_LIST = 2;
  private static final int TYPE_ZSET = 4;
  private static final int MEMBERS = 200_000;

  private static final class Wakes implements Runnable {
    int count;

    @Override
    public void run() {
      count++;
    }
  }

  private static void fill(Keyspace ks, MemorySegment key, int type, int members) {
    for (int i = 0; i < members; i++) {
      MemorySegment m = OffHeapStore.bytes("member:" + i);
      if (type == TYPE_HASH) {
        assertThat(FieldMap.put(ks, key, type, m, OffHeapStore.bytes("value:" + i), false)).isEqualTo(FieldMap.ADDED);
      } else if (type == TYPE_ZSET) {
        assertThat(SortedSet.put(ks, key, type, m, i % 1000)).isEqualTo(SortedSet.ADDED);
      } else {
        assertThat(QuickList.push(ks, key, type, m, false)).isEqualTo(i + 1);
      }
    }
  }

  @Test
  void bigCollectionsAreUnlinkedAtOnceAndFreedInBoundedSteps() {
    for (int type : new int[] {TYPE_HASH, TYPE_ZSET, TYPE_LIST}) {
      try (OffHeapStore store = new OffHeapStore()) {
        Keyspace ks = store.keyspace;
        Wakes wakes = new Wakes();
        LazyFree lazy = new LazyFree(ks, TYPE_ZSET, wakes);
        ks.valueReleaser(lazy);
        long baseline = ks.usedMemoryBytes();
        MemorySegment key = OffHeapStore.bytes("big");
        fill(ks, key, type, MEMBERS);
        long full = ks.usedMemoryBytes();

        assertThat(ks.delete(key)).isTrue();
        assertThat(ks.lookup(key)).as("type %d: invisible at once", type).isEqualTo(Keyspace.NOT_FOUND);
        assertThat(lazy.pendingObjects()).isEqualTo(1);
        assertThat(wakes.count).as("the owner is asked to schedule steps once").isEqualTo(1);
        assertThat(ks.usedMemoryBytes()).as("pending chunks still count").isGreaterThan(baseline + (full - baseline) / 2);

        // The key can be reused while the old members are being freed.
        fill(ks, key, type, 10);
        long steps = 0;
        long previous = ks.usedMemoryBytes();
        while (lazy.step(0)) { // a zero budget frees one clock interval (256 chunks) per step
          steps++;
          long now = ks.usedMemoryBytes();
          assertThat(now).as("type %d step %d frees something", type, steps).isLessThan(previous);
          previous = now;
        }
        assertThat(steps).as("type %d freed in many steps", type).isGreaterThanOrEqualTo(type == TYPE_LIST ? 1 : 100);
        assertThat(lazy.pendingObjects()).isZero();
        assertThat(lazy.freedObjects()).isEqualTo(1);
        assertThat(ks.lookup(key)).isNotEqualTo(Keyspace.NOT_FOUND);
        assertThat(ks.delete(key)).isTrue();
        assertThat(lazy.pendingObjects()).as("10 members are freed on the spot").isZero();
        assertThat(ks.usedMemoryBytes()).as("type %d back to baseline", type).isEqualTo(baseline);
      }
    }
  }

  @Test
  void overwriteAndSeveralPendingValuesAreFreedInOrder() {
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      LazyFree lazy = new LazyFree(ks, TYPE_ZSET, null);
      ks.valueReleaser(lazy);
      long baseline = ks.usedMemoryBytes();
      fill(ks, OffHeapStore.bytes("a"), TYPE_HASH, 5000);
      fill(ks, OffHeapStore.bytes("b"), TYPE_ZSET, 5000);
      fill(ks, OffHeapStore.bytes("c"), TYPE_LIST, 50_000);
      // Overwrite with a string, delete, and expire.
      assertThat(ks.put(OffHeapStore.bytes("a"), Keyspace.TYPE_STRING, 3, 0, 0)).isGreaterThanOrEqualTo(0);
      assertThat(ks.delete(OffHeapStore.bytes("b"))).isTrue();
      assertThat(ks.delete(OffHeapStore.bytes("c"))).isTrue();
      assertThat(lazy.pendingObjects()).isEqualTo(3);
      while (lazy.step(1_000_000L)) {
        // keep stepping
      }
      assertThat(lazy.pendingObjects()).isZero();
      assertThat(ks.delete(OffHeapStore.bytes("a"))).isTrue();
      assertThat(ks.usedMemoryBytes()).isEqualTo(baseline);
    }
  }

  @Test
  void clearForgetsPendingWork() {
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      LazyFree lazy = new LazyFree(ks, TYPE_ZSET, null);
      ks.valueReleaser(lazy);
      fill(ks, OffHeapStore.bytes("z"), TYPE_ZSET, 2000);
      ks.delete(OffHeapStore.bytes("z"));
      assertThat(lazy.pendingObjects()).isEqualTo(1);
      ks.clear();
      lazy.forgetAll();
      assertThat(lazy.step(1_000_000L)).isFalse();
      fill(ks, OffHeapStore.bytes("z"), TYPE_ZSET, 2000);
      assertThat(SortedSet.count(ks, ks.lookup(OffHeapStore.bytes("z")))).isEqualTo(2000);
    }
  }

  @Test
  void synchronousModeFreesAtOnceSoEvictionSeesMemoryDrop() {
    try (OffHeapStore store = new OffHeapStore()) {
      Keyspace ks = store.keyspace;
      LazyFree lazy = new LazyFree(ks, TYPE_ZSET, null);
      ks.valueReleaser(lazy);
      long baseline = ks.usedMemoryBytes();
      fill(ks, OffHeapStore.bytes("big"), TYPE_HASH, 20_000);
      long full = ks.usedMemoryBytes();
      lazy.synchronous(true);
      // Eviction under a limit: one small write past it evicts the big hash and nothing else.
      fill(ks, OffHeapStore.bytes("small"), TYPE_HASH, 10);
      ks.maxmemoryBytes(full + 1024);
      ks.evictionEnabled(true);
      MemorySegment filler = OffHeapStore.bytes("filler");
      assertThat(ks.put(filler, Keyspace.TYPE_STRING, 4096, 0, 0)).isGreaterThanOrEqualTo(0);
      assertThat(ks.evictedCount()).isEqualTo(1);
      assertThat(ks.lookup(OffHeapStore.bytes("big"))).isEqualTo(Keyspace.NOT_FOUND);
      assertThat(ks.lookup(OffHeapStore.bytes("small"))).isNotEqualTo(Keyspace.NOT_FOUND);
      assertThat(lazy.pendingObjects()).isZero();
      ks.delete(filler);
      ks.delete(OffHeapStore.bytes("small"));
      assertThat(ks.usedMemoryBytes()).isEqualTo(baseline);
    }
  }
}
