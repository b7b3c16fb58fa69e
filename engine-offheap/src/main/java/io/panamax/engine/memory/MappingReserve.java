package io.panamax.engine.memory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One huge-page mapping prepared ahead for a {@link SlabAllocator}: mapped and faulted in by a shared helper thread
 * ({@link AnonymousMemory#mapPrefaulted(long)}), so the shard thread that takes it does not pay the page fault that
 * zeroes 2 MiB and, with transparent huge pages in {@code defrag=madvise} mode (Debian's default), may first compact
 * memory synchronously. Measured on the 2-vCPU lab VM: growing one hash to 4M fields took about 60 stalls of 5-10 ms
 * on the shard thread, one per new 2 MiB slab mapping, when the shard faulted them in itself.
 *
 * <p>At most one region is ready or in preparation per reserve, so the process holds at most {@link #REGION_BYTES}
 * more than its allocators use, per allocator. {@link #take()} never waits: when the region is not ready yet the
 * caller maps one itself. Not thread-safe: one owner thread (the allocator's); the helper only runs {@link
 * AnonymousMemory#mapPrefaulted}.
 */
final class MappingReserve {
  /** Bytes of one prepared region: one huge page, two slab pages. */
  static final long REGION_BYTES = AnonymousMemory.HUGE_PAGE_BYTES;

  private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "panamax-prefault");
    t.setDaemon(true);
    return t;
  });

  private CompletableFuture<Long> next;
  private int takes;
  private boolean closed;

  /**
   * A prepared region's address (the caller now owns it), or 0 when none is ready; starts preparing the next from the
   * second call on (an allocator that never grows past its first mapping, as in most tests, costs the helper nothing).
   */
  long take() {
    if (closed || !AnonymousMemory.available()) {
      return 0;
    }
    long address = 0;
    if (next != null && next.isDone()) {
      address = next.isCompletedExceptionally() ? 0 : next.join(); // a refused mapping: the caller maps (and fails)
      next = null;
    }
    if (next == null && ++takes > 1) {
      next = CompletableFuture.supplyAsync(() -> AnonymousMemory.mapPrefaulted(REGION_BYTES), HELPER);
    }
    return address;
  }

  /** Unmaps the prepared region, now or when the helper finishes it; later {@link #take()} calls return 0. */
  void close() {
    closed = true;
    if (next != null) {
      next.thenAccept(address -> {
        if (address != 0) {
          AnonymousMemory.unmapRegion(address, REGION_BYTES);
        }
      });
      next = null;
    }
  }
}
