package io.panamax.engine.keyspace;

import static io.panamax.engine.keyspace.BucketDescriptor.BUCKET_BYTES;
import static io.panamax.engine.keyspace.BucketDescriptor.BUCKET_SHIFT;
import static io.panamax.engine.keyspace.BucketDescriptor.OVERFLOW_OFFSET;
import static io.panamax.engine.keyspace.BucketDescriptor.OVERFLOW_SATURATED;
import static io.panamax.engine.keyspace.BucketDescriptor.SLOTS;
import static io.panamax.engine.keyspace.BucketDescriptor.SLOTS_OFFSET;
import static io.panamax.engine.keyspace.BucketDescriptor.TAGS_OFFSET;

import io.panamax.engine.memory.AnonymousMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * One open-addressing table of {@link BucketDescriptor} buckets in its own confined arena (so it can be freed when an
 * incremental growth is done with it), with three parallel per-slot arrays in the same arena: the LRU nodes of {@link
 * LruDescriptor}, the access words of {@link AccessDescriptor} (access time or LFU counter), and the 32-bit hash position of each entry (u32 little-endian at {@code (bucket * 7 + index) * 4}),
 * so that migrating an entry to a grown table, deleting it and SCAN never read the record (a cache miss per entry
 * that was 15% of SET time during growth). Knows slots, tags, overflow counts, positions and LRU nodes, not keys:
 * callers find the slot.
 */
final class BucketTable {
  private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

  private static final ValueLayout.OfInt NODE_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

  final int buckets;
  final long slots;
  final long maxLoad;
  final MemorySegment segment;
  /** 0 or 1; a growth's new table has the other parity than the old one (see {@link LruDescriptor}). */
  final int parity;
  private final MemorySegment lru;
  /** Per slot: the high 32 bits of the key's hash (its position), so growth and deletes never re-read a record. */
  private final MemorySegment positions;
  /** Per slot: the access word ({@link AccessDescriptor}). */
  private final MemorySegment access;
  private final Arena arena;
  long count;

  private BucketTable(
      Arena arena,
      MemorySegment segment,
      MemorySegment lru,
      MemorySegment positions,
      MemorySegment access,
      int buckets,
      int parity) {
    this.arena = arena;
    this.access = access;
    this.segment = segment;
    this.lru = lru;
    this.positions = positions;
    this.parity = parity;
    this.buckets = buckets;
    this.slots = (long) buckets * SLOTS;
    this.maxLoad = slots - slots / 8; // grow past 7/8 full
  }

  /** Allocates a zeroed (all empty) table, or returns null if the OS refuses the memory. */
  static BucketTable allocate(int buckets, int parity) {
    Arena arena = Arena.ofConfined();
    try {
      MemorySegment table = zeroed(arena, (long) buckets << BUCKET_SHIFT);
      MemorySegment lru = zeroed(arena, (long) buckets * LruDescriptor.BYTES_PER_BUCKET);
      MemorySegment positions = zeroed(arena, (long) buckets * POSITION_BYTES_PER_BUCKET);
      MemorySegment access = zeroed(arena, (long) buckets * AccessDescriptor.BYTES_PER_BUCKET);
      return new BucketTable(arena, table, lru, positions, access, buckets, parity);
    } catch (OutOfMemoryError e) {
      arena.close();
      return null;
    }
  }

  /**
   * Zeroed, bucket-aligned memory: arrays of a huge page or more are anonymous mappings on 2 MiB pages (no zeroing
   * pass, far fewer TLB misses on random probes; see {@link AnonymousMemory}), smaller ones come from the arena.
   */
  private static MemorySegment zeroed(Arena arena, long bytes) {
    if (bytes >= AnonymousMemory.HUGE_PAGE_BYTES && AnonymousMemory.available()) {
      return AnonymousMemory.allocateZeroed(arena, bytes);
    }
    return arena.allocate(bytes, BUCKET_BYTES);
  }

  /** Bytes of the per-slot hash positions: one little-endian u32 per slot. */
  static final int POSITION_BYTES_PER_BUCKET = SLOTS * Integer.BYTES;

  /** Bytes of a table of {@code buckets} buckets: the buckets plus the LRU node, position and access arrays. */
  static long bytesFor(int buckets) {
    return ((long) buckets << BUCKET_SHIFT)
        + (long) buckets * LruDescriptor.BYTES_PER_BUCKET
        + (long) buckets * POSITION_BYTES_PER_BUCKET
        + (long) buckets * AccessDescriptor.BYTES_PER_BUCKET;
  }

  /**
   * The hash of the entry in {@code bucket}/{@code index}, as far as this table uses it: the stored position in the
   * high 32 bits and the 7 tag bits in the low bits (see {@link #home(long)} and {@link BucketDescriptor#tag(long)}).
   */
  long storedHash(int bucket, int index) {
    long position = positions.get(NODE_INT, ((long) bucket * SLOTS + index) * Integer.BYTES) & 0xFFFF_FFFFL;
    int tag = segment.get(ValueLayout.JAVA_BYTE, ((long) bucket << BUCKET_SHIFT) + TAGS_OFFSET + index) & 0x7F;
    return (position << 32) | tag;
  }

  long bytes() {
    return bytesFor(buckets);
  }

  /** Empties every slot (the LRU nodes need no reset: they are written when linked). */
  void wipe() {
    segment.fill((byte) 0);
    count = 0;
  }

  int access(int bucket, int index) {
    return access.get(NODE_INT, AccessDescriptor.wordOffset(bucket, index));
  }

  void setAccess(int bucket, int index, int word) {
    access.set(NODE_INT, AccessDescriptor.wordOffset(bucket, index), word);
  }

  int lruPrev(int bucket, int index) {
    return lru.get(NODE_INT, LruDescriptor.nodeOffset(bucket, index) + LruDescriptor.PREV_OFFSET);
  }

  int lruNext(int bucket, int index) {
    return lru.get(NODE_INT, LruDescriptor.nodeOffset(bucket, index) + LruDescriptor.NEXT_OFFSET);
  }

  void setLruPrev(int bucket, int index, int pointer) {
    lru.set(NODE_INT, LruDescriptor.nodeOffset(bucket, index) + LruDescriptor.PREV_OFFSET, pointer);
  }

  void setLruNext(int bucket, int index, int pointer) {
    lru.set(NODE_INT, LruDescriptor.nodeOffset(bucket, index) + LruDescriptor.NEXT_OFFSET, pointer);
  }

  void setLru(int bucket, int index, int prev, int next) {
    long at = LruDescriptor.nodeOffset(bucket, index);
    lru.set(NODE_INT, at + LruDescriptor.PREV_OFFSET, prev);
    lru.set(NODE_INT, at + LruDescriptor.NEXT_OFFSET, next);
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
        positions.set(NODE_INT, ((long) bucket * SLOTS + index) * Integer.BYTES, (int) (hash >>> 32));
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

  /**
   * Moves every entry of {@code bucket} into {@code to}, the table of a growth (the rehash step of an incremental
   * growth): the entry's ref, its stored hash position and tag, its access word, and its LRU node, whose neighbours
   * are relinked to the new slot. Reads neither the records nor the keys. The bucket's tags are then cleared with one
   * store; the overflow counts of this table are left as they are: a count that is too high only lets a lookup in this
   * table probe further than needed, and this table is freed when its last bucket has moved.
   */
  void migrateBucket(int bucket, BucketTable to, LruList lru) {
    long base = (long) bucket << BUCKET_SHIFT;
    long tagWord = segment.get(WORD, base + TAGS_OFFSET);
    long full = BucketDescriptor.fullMask(tagWord);
    if (full == 0) {
      return;
    }
    long slotBase = (long) bucket * SLOTS;
    for (long m = full; m != 0; m &= m - 1) {
      int index = Long.numberOfTrailingZeros(m) >>> 3;
      long ref = segment.get(WORD, base + SLOTS_OFFSET + ((long) index << 3));
      long position = positions.get(NODE_INT, (slotBase + index) * Integer.BYTES) & 0xFFFF_FFFFL;
      long hash = (position << 32) | ((tagWord >>> (index << 3)) & 0x7F);
      int moved = to.insert(hash, ref);
      int toBucket = moved >>> 3;
      int toIndex = moved & 7;
      lru.relocate(this, bucket, index, to, toBucket, toIndex);
      to.access.set(NODE_INT, AccessDescriptor.wordOffset(toBucket, toIndex),
          access.get(NODE_INT, AccessDescriptor.wordOffset(bucket, index)));
    }
    segment.set(WORD, base + TAGS_OFFSET, tagWord & ~BucketDescriptor.TAG_BYTES);
    count -= Long.bitCount(full);
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
