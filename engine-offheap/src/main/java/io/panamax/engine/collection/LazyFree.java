package io.panamax.engine.collection;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;

/**
 * The {@link Keyspace.ValueReleaser} of collections, freeing big ones incrementally (Redis's lazy free, lazyfree.c).
 *
 * <p>When a collection value is dropped (DEL, UNLINK, expiry, eviction, overwrite) the keyspace unlinks the key at
 * once; this hook then frees a value of at most {@link #THRESHOLD} chunks on the spot, as Redis frees small values
 * synchronously ({@code LAZYFREE_THRESHOLD} 64). A bigger value is detached: its root (list head node, skiplist head
 * node, field table handle) is copied out of the record, which the keyspace frees right after the call, and the chunks
 * are freed later by {@link #step(long)} in time-bounded slices on the owning shard thread, since slab memory belongs
 * to the shard. Until then the chunks stay allocated and count in {@link Keyspace#usedMemoryBytes()} and against
 * maxmemory, as Redis's {@code used_memory} counts objects the lazyfree thread has not freed yet; {@link
 * #pendingObjects()} is Redis's {@code lazyfree_pending_objects}.
 *
 * <p>{@link #synchronous(boolean) Synchronous mode} frees every value on the spot. The owner turns it on while a
 * maxmemory limit is set: the keyspace's eviction loop deletes least-recently-used entries until used memory drops
 * under the limit, and a lazily freed victim would not make it drop, so it would evict everything (Redis frees
 * evicted values synchronously by default too, {@code lazyfree-lazy-eviction no}).
 *
 * <p>After {@link Keyspace#clear()} (which frees every chunk at once) call {@link #forgetAll()}: pending work would
 * otherwise free chunks that no longer exist. Not thread-safe: one instance per keyspace, used on its thread.
 */
public final class LazyFree implements Keyspace.ValueReleaser {
  /** Values owning more chunks than this are freed incrementally (Redis's {@code LAZYFREE_THRESHOLD}). */
  public static final long THRESHOLD = 64;
  /** Chunks freed between two clock reads in {@link #step(long)}. */
  private static final int CLOCK_EVERY = 256;

  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;

  private final Keyspace keyspace;
  private final int sortedSetType;
  private final Runnable onFirstPending;
  private final ArrayDeque<Job> jobs = new ArrayDeque<>();
  private long freedObjects;
  private boolean synchronous;

  /**
   * @param keyspace the keyspace whose dropped values this frees (install with {@code keyspace.valueReleaser(this)})
   * @param sortedSetType the keyspace value type of sorted sets (their skiplist form shares the field table header)
   * @param onFirstPending called when work is queued while none was pending: schedule {@link #step(long)} on the
   *     keyspace's thread, and again while it returns true
   */
  public LazyFree(Keyspace keyspace, int sortedSetType, Runnable onFirstPending) {
    this.keyspace = keyspace;
    this.sortedSetType = sortedSetType;
    this.onFirstPending = onFirstPending;
  }

  /**
   * One detached value: the chunks still to free, in order list nodes, table entries (a sorted set's nodes), table;
   * then the same for the draining table of a resize in progress, if any.
   */
  private static final class Job {
    long listNode = -1;
    long table = -1;
    int capacity;
    int slot;
    long nextTable = -1;
    int nextCapacity;
  }

  /** Frees every dropped value at once (true) or big ones incrementally (false, the default). */
  public void synchronous(boolean on) {
    this.synchronous = on;
  }

  @Override
  public void release(Keyspace ks, long ref) {
    MemorySegment seg = ks.segment(ref);
    long base = ks.valueOffset(ref);
    byte encoding = seg.get(ValueLayout.JAVA_BYTE, base);
    if (encoding == QuickListDescriptor.QUICKLIST) {
      if (synchronous || Integer.toUnsignedLong(seg.get(U32, base + QuickListDescriptor.NODE_COUNT_OFFSET)) <= THRESHOLD) {
        QuickList.release(ks, ref);
        return;
      }
      Job job = new Job();
      job.listNode = seg.get(U64, base + QuickListDescriptor.HEAD_OFFSET) - 1;
      enqueue(job);
      return;
    }
    if (encoding != FieldMapDescriptor.TABLE) {
      return; // packed hash, set or sorted set: no chunks outside the record
    }
    boolean sorted = ks.type(ref) == sortedSetType;
    long members = Integer.toUnsignedLong(seg.get(U32, base + FieldMapDescriptor.COUNT_OFFSET));
    if (synchronous || members + 1 <= THRESHOLD) {
      if (sorted) {
        SortedSet.release(ks, ref);
      } else {
        FieldMap.release(ks, ref);
      }
      return;
    }
    Job job = new Job();
    if (sorted) {
      ks.freeChunk(seg.get(U64, base + SortedSetDescriptor.HEAD_OFFSET)); // members are the table's entries
    }
    job.table = seg.get(U64, base + FieldMapDescriptor.TABLE_HANDLE_OFFSET);
    job.capacity = seg.get(U32, base + FieldMapDescriptor.TABLE_CAPACITY_OFFSET);
    int drainCapacity = seg.get(U32, base + FieldMapDescriptor.DRAIN_CAPACITY_OFFSET);
    if (drainCapacity != 0) {
      job.nextTable = seg.get(U64, base + FieldMapDescriptor.DRAIN_HANDLE_OFFSET);
      job.nextCapacity = drainCapacity;
    }
    enqueue(job);
  }

  private void enqueue(Job job) {
    boolean idle = jobs.isEmpty();
    jobs.addLast(job);
    if (idle && onFirstPending != null) {
      onFirstPending.run();
    }
  }

  /** Values detached and not yet completely freed (INFO memory {@code lazyfree_pending_objects}). */
  public long pendingObjects() {
    return jobs.size();
  }

  /** Values completely freed by {@link #step(long)} since creation (INFO stats {@code lazyfreed_objects}). */
  public long freedObjects() {
    return freedObjects;
  }

  /**
   * Frees pending chunks, oldest value first, until none is left or about {@code budgetNanos} have passed (the clock
   * is read every 256 chunks, so one step overshoots by at most that many frees).
   *
   * @return true if work is still pending (schedule another step).
   */
  public boolean step(long budgetNanos) {
    long start = System.nanoTime();
    Keyspace ks = keyspace;
    int sinceClock = 0;
    while (!jobs.isEmpty()) {
      Job job = jobs.peekFirst();
      if (++sinceClock == CLOCK_EVERY) {
        sinceClock = 0;
        if (System.nanoTime() - start >= budgetNanos) {
          return true;
        }
      }
      if (job.listNode >= 0) {
        long node = job.listNode;
        job.listNode = ks.chunkSegment(node).get(U64, ks.chunkOffset(node) + QuickListDescriptor.NODE_NEXT_OFFSET) - 1;
        ks.freeChunk(node);
      } else if (job.table >= 0 && job.slot < job.capacity) {
        MemorySegment slots = ks.chunkSegment(job.table);
        long at = ks.chunkOffset(job.table);
        long v = 0;
        int limit = Math.min(job.capacity, job.slot + CLOCK_EVERY); // empty slots count toward the clock too
        while (job.slot < limit && (v = slots.get(U64, at + (long) job.slot * FieldMapDescriptor.SLOT_BYTES)) == 0) {
          job.slot++;
        }
        if (v != 0) {
          job.slot++;
          ks.freeChunk(FieldTable.slotEntry(v));
        }
      } else {
        if (job.table >= 0) {
          ks.freeChunk(job.table);
        }
        if (job.nextTable >= 0) {
          job.table = job.nextTable;
          job.capacity = job.nextCapacity;
          job.slot = 0;
          job.nextTable = -1;
          continue;
        }
        jobs.pollFirst();
        freedObjects++;
      }
    }
    return false;
  }

  /** Drops every pending job without freeing: call right after {@link Keyspace#clear()} freed all chunks. */
  public void forgetAll() {
    jobs.clear();
  }
}
