package io.panamax.engine.keyspace;

import static io.panamax.engine.keyspace.BucketDescriptor.BUCKET_BYTES;
import static io.panamax.engine.keyspace.BucketDescriptor.BUCKET_SHIFT;
import static io.panamax.engine.keyspace.BucketDescriptor.OVERFLOW_OFFSET;
import static io.panamax.engine.keyspace.BucketDescriptor.OVERFLOW_SATURATED;
import static io.panamax.engine.keyspace.BucketDescriptor.SLOTS;
import static io.panamax.engine.keyspace.BucketDescriptor.SLOTS_OFFSET;
import static io.panamax.engine.keyspace.BucketDescriptor.TAGS_OFFSET;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * One open-addressing table of {@link BucketDescriptor} buckets in its own confined arena (so it can be freed when an
 * incremental growth is done with it). Knows slots, tags and overflow counts, not keys: callers find the slot.
 */
final class BucketTable {
  private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

  final int buckets;
  final long slots;
  final long maxLoad;
  final MemorySegment segment;
  private final Arena arena;
  long count;

  private BucketTable(Arena arena, MemorySegment segment, int buckets) {
    this.arena = arena;
    this.segment = segment;
    this.buckets = buckets;
    this.slots = (long) buckets * SLOTS;
    this.maxLoad = slots - slots / 8; // grow past 7/8 full
  }

  /** Allocates a zeroed (all empty) table, or returns null if the OS refuses the memory. */
  static BucketTable allocate(int buckets) {
    Arena arena = Arena.ofConfined();
    try {
      return new BucketTable(arena, arena.allocate((long) buckets << BUCKET_SHIFT, BUCKET_BYTES), buckets);
    } catch (OutOfMemoryError e) {
      arena.close();
      return null;
    }
  }

  static long bytesFor(int buckets) {
    return (long) buckets << BUCKET_SHIFT;
  }

  long bytes() {
    return (long) buckets << BUCKET_SHIFT;
  }

  /** Home bucket of a hash: multiply-shift of its high 32 bits, monotonic in them. */
  int home(long hash) {
    return homeOfPosition(hash >>> 32);
  }

  /** Home bucket of a 32-bit hash position {@code 0 <= position < 2^32}. */
  int homeOfPosition(long position) {
    return (int) ((position * buckets) >>> 32);
  }

  int next(int bucket) {
    return bucket + 1 == buckets ? 0 : bucket + 1;
  }

  long tagWord(int bucket) {
    return segment.get(WORD, ((long) bucket << BUCKET_SHIFT) + TAGS_OFFSET);
  }

  long slot(int bucket, int index) {
    return segment.get(WORD, ((long) bucket << BUCKET_SHIFT) + SLOTS_OFFSET + ((long) index << 3));
  }

  void setSlot(int bucket, int index, long ref) {
    segment.set(WORD, ((long) bucket << BUCKET_SHIFT) + SLOTS_OFFSET + ((long) index << 3), ref);
  }

  /**
   * Inserts {@code ref} for a key not in this table; the caller guarantees a free slot exists ({@code count < slots}).
   * Returns the position {@code bucket * 8 + index}.
   */
  int insert(long hash, long ref) {
    int bucket = home(hash);
    while (true) {
      long base = (long) bucket << BUCKET_SHIFT;
      long empty = BucketDescriptor.match(segment.get(WORD, base + TAGS_OFFSET), BucketDescriptor.EMPTY_TAG);
      if (empty != 0) {
        int index = Long.numberOfTrailingZeros(empty) >>> 3;
        segment.set(ValueLayout.JAVA_BYTE, base + TAGS_OFFSET + index, (byte) BucketDescriptor.tag(hash));
        segment.set(WORD, base + SLOTS_OFFSET + ((long) index << 3), ref);
        count++;
        return (bucket << 3) | index;
      }
      int overflow = segment.get(ValueLayout.JAVA_BYTE, base + OVERFLOW_OFFSET) & 0xFF;
      if (overflow != OVERFLOW_SATURATED) {
        segment.set(ValueLayout.JAVA_BYTE, base + OVERFLOW_OFFSET, (byte) (overflow + 1));
      }
      bucket = next(bucket);
    }
  }

  /** Empties slot {@code index} of {@code bucket}, whose entry has home bucket {@code home}. */
  void remove(int home, int bucket, int index) {
    long base = (long) bucket << BUCKET_SHIFT;
    segment.set(ValueLayout.JAVA_BYTE, base + TAGS_OFFSET + index, (byte) BucketDescriptor.EMPTY_TAG);
    segment.set(WORD, base + SLOTS_OFFSET + ((long) index << 3), 0L);
    count--;
    for (int b = home; b != bucket; b = next(b)) {
      long at = ((long) b << BUCKET_SHIFT) + OVERFLOW_OFFSET;
      int overflow = segment.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
      if (overflow != OVERFLOW_SATURATED && overflow != 0) {
        segment.set(ValueLayout.JAVA_BYTE, at, (byte) (overflow - 1));
      }
    }
  }

  void close() {
    arena.close();
  }
}
