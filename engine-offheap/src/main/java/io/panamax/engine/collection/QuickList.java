package io.panamax.engine.collection;

import static io.panamax.engine.collection.QuickListDescriptor.COMPRESSED_FLAG;
import static io.panamax.engine.collection.QuickListDescriptor.HEAD_OFFSET;
import static io.panamax.engine.collection.QuickListDescriptor.HEADER_BYTES;
import static io.panamax.engine.collection.QuickListDescriptor.LENGTH_OFFSET;
import static io.panamax.engine.collection.QuickListDescriptor.LONG_LENGTH_MARK;
import static io.panamax.engine.collection.QuickListDescriptor.MAX_COMPRESS_BYTES;
import static io.panamax.engine.collection.QuickListDescriptor.MAX_NODE_ENTRY_BYTES;
import static io.panamax.engine.collection.QuickListDescriptor.MIN_COMPRESS_BYTES;
import static io.panamax.engine.collection.QuickListDescriptor.MIN_NODE_CAPACITY;
import static io.panamax.engine.collection.QuickListDescriptor.NODE_CAPACITY_OFFSET;
import static io.panamax.engine.collection.QuickListDescriptor.NODE_COUNT_OFFSET;
import static io.panamax.engine.collection.QuickListDescriptor.NODE_ENTRIES_OFFSET;
import static io.panamax.engine.collection.QuickListDescriptor.NODE_HEADER_BYTES;
import static io.panamax.engine.collection.QuickListDescriptor.NODE_NEXT_OFFSET;
import static io.panamax.engine.collection.QuickListDescriptor.NODE_PREV_OFFSET;
import static io.panamax.engine.collection.QuickListDescriptor.NODE_STAMP_OFFSET;
import static io.panamax.engine.collection.QuickListDescriptor.NODE_USED_OFFSET;
import static io.panamax.engine.collection.QuickListDescriptor.TAIL_OFFSET;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Operations on a list value ({@link QuickListDescriptor}) under a key of a {@link Keyspace}. Callers check the key's
 * type first. Push and pop at either end touch one end node (O(1) apart from a memmove inside a node of at most 8
 * KiB); index-based access walks nodes from the nearer end, skipping whole nodes by their entry counts. LINSERT and
 * LSET grow the node they touch, past 8 KiB if need be, instead of splitting it (splitting is not done yet). A list that
 * becomes empty is deleted, as Redis does. Node chunks come from {@link Keyspace#allocateChunk(long)} and are freed by
 * {@link #release(Keyspace, long)}. Not thread-safe (shard thread only).
 *
 * <p>Compression (Redis's {@code list-compress-depth 1}, with zstd in place of LZF): a node that stops being an end
 * node, because a push started a new end node beside it, is stored zstd-compressed when that saves at least an eighth
 * of its entry bytes. Reads decompress an interior node into a per-thread scratch buffer ({@link NodeCodec}); an edit
 * (LSET, LINSERT, LREM, or a pop or trim reaching it once it is an end node again) decompresses it into a chunk of its
 * own first, and it stays raw afterwards (unlike Redis, which compresses it again: a zstd pass per LSET made a
 * repeated LSET in the middle of a list 2.5x slower; a list edited all over returns to the raw size, no more).
 */
public final class QuickList {
  /** Status: done. */
  public static final int OK = 0;
  /** Status: out of memory (maxmemory or OS); nothing changed. */
  public static final int OOM = -2;
  /** Status: index outside the list. */
  public static final int OUT_OF_RANGE = -4;
  /** {@link #insert} status: the pivot is not in the list. */
  public static final long NO_PIVOT = -1;

  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
  /** Entries reached by scanning from the node start; deeper ones come from the {@link NodeOffsets} cache. */
  private static final int SCAN_LIMIT = 16;

  private QuickList() {}

  /** Visitor of elements: {@code length} bytes at {@code offset} of {@code segment}, valid during the call. */
  @FunctionalInterface
  public interface ElementVisitor {
    /** Returns false to stop. */
    boolean visit(MemorySegment segment, long offset, int length);
  }

  /** Elements of the list at {@code ref}. */
  public static long length(Keyspace ks, long ref) {
    return ks.segment(ref).get(U64, ks.valueOffset(ref) + LENGTH_OFFSET);
  }

  /**
   * Pushes {@code value} at the head ({@code left}) or the tail, creating the key (type {@code type}, no TTL) when
   * missing.
   *
   * @return the new length, or {@link #OOM} (nothing changed).
   */
  public static long push(Keyspace ks, MemorySegment key, int type, MemorySegment value, boolean left) {
    long ref = ks.lookup(key);
    boolean created = false;
    if (ref < 0) {
      ref = ks.put(key, type, HEADER_BYTES, 0, 0);
      if (ref < 0) {
        return OOM;
      }
      ks.segment(ref).asSlice(ks.valueOffset(ref), HEADER_BYTES).fill((byte) 0);
      ks.segment(ref).set(ValueLayout.JAVA_BYTE, ks.valueOffset(ref), QuickListDescriptor.QUICKLIST);
      created = true;
    }
    int length = (int) value.byteSize();
    int bytes = QuickListDescriptor.entryBytes(length);
    long node = end(ks, ref, left);
    if (node >= 0) {
      node = ensureRaw(ks, ref, node);
      if (node < 0) {
        return OOM;
      }
    }
    long at;
    if (node < 0 || (used(ks, node) + bytes > MAX_NODE_ENTRY_BYTES && used(ks, node) > 0)) {
      long previousEnd = node;
      node = newNode(ks, ref, left ? -1 : node, left ? node : -1, Math.max(bytes, MIN_NODE_CAPACITY));
      at = 0;
      if (node >= 0) {
        node = resizeNode(ks, ref, node, 0, 0, bytes); // claims the bytes; the new node has the room
        compressIfInterior(ks, ref, previousEnd);
      }
    } else {
      at = left ? 0 : used(ks, node);
      long before = node;
      int oldStamp = stamp(ks, node);
      node = resizeNode(ks, ref, node, at, 0, bytes);
      if (!left && node == before) {
        writeEntry(ks, node, at, value);
        addEntries(ks, node, 1);
        NodeOffsets.current().appended(ks, node, oldStamp, stamp(ks, node), (int) at);
        return addLength(ks, ref, 1);
      }
    }
    if (node < 0) {
      if (created) {
        ks.delete(key);
      }
      return OOM;
    }
    writeEntry(ks, node, at, value);
    addEntries(ks, node, 1);
    return addLength(ks, ref, 1);
  }

  /** Pops the head ({@code left}) or tail element; null when the key is missing. Deletes the key when emptied. */
  public static byte[] pop(Keyspace ks, MemorySegment key, boolean left) {
    long ref = ks.lookup(key);
    if (ref < 0) {
      return null;
    }
    long node = ensureRaw(ks, ref, end(ks, ref, left));
    if (node < 0) {
      throw new IllegalStateException("out of memory decompressing the end node of a list");
    }
    long at = left ? 0 : lastEntry(ks, node);
    MemorySegment seg = ks.chunkSegment(node);
    long base = ks.chunkOffset(node) + NODE_HEADER_BYTES;
    int length = entryLength(seg, base + at);
    long data = base + at + QuickListDescriptor.entryBytes(length) - length;
    byte[] out = new byte[length];
    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, data, out, 0, length);
    boolean lastOfNode = entries(ks, node) == 1;
    int oldStamp = stamp(ks, node);
    removeEntry(ks, ref, node, at, QuickListDescriptor.entryBytes(length));
    if (!left && !lastOfNode) {
      NodeOffsets.current().lastRemoved(ks, node, oldStamp, stamp(ks, node));
    }
    if (addLength(ks, ref, -1) == 0) {
      ks.delete(key);
    }
    return out;
  }

  /**
   * Visits {@code count} elements from index {@code start} (0-based from the head, both within the list) in order,
   * reading them in place: nothing is copied and nothing is allocated per element.
   */
  public static void range(Keyspace ks, long ref, long start, long count, ElementVisitor visitor) {
    long[] found = locate(ks, ref, start);
    long node = found[0];
    long at = found[1];
    long left = count;
    while (left > 0 && node >= 0) {
      MemorySegment seg = entriesSegment(ks, node);
      long base = entriesBase(ks, node);
      int used = used(ks, node);
      while (left > 0 && at < used) {
        int length = entryLength(seg, base + at);
        int bytes = QuickListDescriptor.entryBytes(length);
        if (!visitor.visit(seg, base + at + bytes - length, length)) {
          return;
        }
        at += bytes;
        left--;
      }
      node = link(ks, node, NODE_NEXT_OFFSET);
      at = 0;
    }
  }

  /** Visits elements from the tail to the head until the visitor returns false. */
  public static void reverse(Keyspace ks, long ref, ElementVisitor visitor) {
    int[] offsets = new int[16];
    for (long node = end(ks, ref, false); node >= 0; node = link(ks, node, NODE_PREV_OFFSET)) {
      MemorySegment seg = entriesSegment(ks, node);
      long base = entriesBase(ks, node);
      int n = entries(ks, node);
      if (offsets.length < n) {
        offsets = new int[n];
      }
      int at = 0;
      for (int i = 0; i < n; i++) {
        offsets[i] = at;
        at += QuickListDescriptor.entryBytes(entryLength(seg, base + at));
      }
      for (int i = n - 1; i >= 0; i--) {
        int length = entryLength(seg, base + offsets[i]);
        if (!visitor.visit(seg, base + offsets[i] + QuickListDescriptor.entryBytes(length) - length, length)) {
          return;
        }
      }
    }
  }

  /**
   * Replaces the element at {@code index} (0-based, within the list).
   *
   * @return {@link #OK} or {@link #OOM} (nothing changed).
   */
  public static int set(Keyspace ks, long ref, long index, MemorySegment value) {
    long[] found = locate(ks, ref, index);
    long node = ensureRaw(ks, ref, found[0]);
    long at = found[1];
    if (node < 0) {
      return OOM;
    }
    int oldBytes = QuickListDescriptor.entryBytes(entryLength(ks.chunkSegment(node), entryAt(ks, node, at)));
    node = resizeNode(ks, ref, node, at, oldBytes, QuickListDescriptor.entryBytes((int) value.byteSize()));
    if (node < 0) {
      return OOM;
    }
    writeEntry(ks, node, at, value);
    return OK;
  }

  /**
   * Inserts {@code value} before or after the first element equal to {@code pivot} (LINSERT).
   *
   * @return the new length, {@link #NO_PIVOT}, or {@link #OOM}.
   */
  public static long insert(Keyspace ks, long ref, boolean after, MemorySegment pivot, MemorySegment value) {
    for (long node = end(ks, ref, true); node >= 0; node = link(ks, node, NODE_NEXT_OFFSET)) {
      int used = used(ks, node);
      MemorySegment seg = entriesSegment(ks, node);
      long base = entriesBase(ks, node);
      for (long at = 0; at < used; ) {
        long entry = base + at;
        int length = entryLength(seg, entry);
        int bytes = QuickListDescriptor.entryBytes(length);
        if (equal(seg, entry + bytes - length, length, pivot)) {
          long to = after ? at + bytes : at;
          long raw = ensureRaw(ks, ref, node);
          long grown = raw < 0 ? -1
              : resizeNode(ks, ref, raw, to, 0, QuickListDescriptor.entryBytes((int) value.byteSize()));
          if (grown < 0) {
            return OOM;
          }
          writeEntry(ks, grown, to, value);
          addEntries(ks, grown, 1);
          return addLength(ks, ref, 1);
        }
        at += bytes;
      }
    }
    return NO_PIVOT;
  }

  /**
   * Removes elements equal to {@code value} (LREM): the first {@code count} from the head when positive, the last
   * {@code -count} from the tail when negative, all when 0. Deletes the key when emptied.
   *
   * @return the number removed.
   */
  public static long remove(Keyspace ks, MemorySegment key, long ref, long count, MemorySegment value) {
    long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
    long removed = 0;
    boolean fromHead = count >= 0;
    long node = end(ks, ref, fromHead);
    while (node >= 0 && removed < limit) {
      long following = link(ks, node, fromHead ? NODE_NEXT_OFFSET : NODE_PREV_OFFSET);
      int hits = removeInNode(ks, ref, node, value, limit - removed, fromHead);
      // The length follows node by node, so that the header stays true if a later node cannot be edited.
      if (hits > 0 && addLength(ks, ref, -hits) == 0) {
        ks.delete(key);
        return removed + hits;
      }
      removed += hits;
      node = following;
    }
    return removed;
  }

  /**
   * Keeps elements {@code start..stop} (0-based, inclusive, already clamped to the list; {@code start > stop}
   * empties it), freeing whole nodes at the ends where it can (LTRIM). Deletes the key when emptied.
   */
  public static void trim(Keyspace ks, MemorySegment key, long ref, long start, long stop) {
    long length = length(ks, ref);
    if (start > stop || start >= length) {
      ks.delete(key);
      return;
    }
    long left = start;
    long right = length - 1 - stop;
    // The length follows each step, so that the header stays true if an end node cannot be decompressed.
    while (left > 0) {
      long node = end(ks, ref, true);
      int n = entries(ks, node);
      if (left >= n) {
        unlinkAndFree(ks, ref, node);
        addLength(ks, ref, -n);
        left -= n;
      } else {
        node = rawOrThrow(ks, ref, node);
        long bytes = offsetOf(ks, node, (int) left);
        resizeNode(ks, ref, node, 0, (int) bytes, 0);
        addEntries(ks, node, (int) -left);
        addLength(ks, ref, -left);
        left = 0;
      }
    }
    while (right > 0) {
      long node = end(ks, ref, false);
      int n = entries(ks, node);
      if (right >= n) {
        unlinkAndFree(ks, ref, node);
        addLength(ks, ref, -n);
        right -= n;
      } else {
        node = rawOrThrow(ks, ref, node);
        long from = offsetOf(ks, node, (int) (n - right));
        resizeNode(ks, ref, node, from, (int) (used(ks, node) - from), 0);
        addEntries(ks, node, (int) -right);
        addLength(ks, ref, -right);
        right = 0;
      }
    }
  }

  /** OBJECT ENCODING name of lists. */
  public static String encoding() {
    return "quicklist";
  }

  /** Frees every node of the list at {@code ref}; the {@link Keyspace.ValueReleaser} of lists. */
  public static void release(Keyspace ks, long ref) {
    long node = end(ks, ref, true);
    while (node >= 0) {
      long next = link(ks, node, NODE_NEXT_OFFSET);
      ks.freeChunk(node);
      node = next;
    }
  }

  // -----------------------------------------------------------------------------------------------------------------

  /** {node, entry offset within the node's entries} of element {@code index}, walking from the nearer end. */
  private static long[] locate(Keyspace ks, long ref, long index) {
    long length = length(ks, ref);
    if (index < length / 2) {
      long skip = index;
      long node = end(ks, ref, true);
      while (skip >= entries(ks, node)) {
        skip -= entries(ks, node);
        node = link(ks, node, NODE_NEXT_OFFSET);
      }
      return new long[] {node, offsetOf(ks, node, (int) skip)};
    }
    long fromTail = length - 1 - index;
    long node = end(ks, ref, false);
    while (fromTail >= entries(ks, node)) {
      fromTail -= entries(ks, node);
      node = link(ks, node, NODE_PREV_OFFSET);
    }
    return new long[] {node, offsetOf(ks, node, (int) (entries(ks, node) - 1 - fromTail))};
  }

  /**
   * Byte offset of entry {@code index} within the node's entries ({@code used} when index == entry count): a scan
   * for the first entries, the thread's {@link NodeOffsets} cache deeper in the node.
   */
  private static long offsetOf(Keyspace ks, long node, int index) {
    MemorySegment seg = entriesSegment(ks, node);
    long base = entriesBase(ks, node);
    int entries = entries(ks, node);
    if (index >= SCAN_LIMIT && index < entries) {
      return NodeOffsets.current().offset(ks, node, stamp(ks, node), seg, base, entries, index);
    }
    long at = 0;
    for (int i = 0; i < index; i++) {
      at += QuickListDescriptor.entryBytes(entryLength(seg, base + at));
    }
    return at;
  }

  private static long lastEntry(Keyspace ks, long node) {
    return offsetOf(ks, node, entries(ks, node) - 1);
  }

  private static int removeInNode(Keyspace ks, long ref, long node, MemorySegment value, long limit, boolean forward) {
    int n = entries(ks, node);
    long[] offsets = new long[n];
    MemorySegment seg = entriesSegment(ks, node);
    long base = entriesBase(ks, node);
    long at = 0;
    for (int i = 0; i < n; i++) {
      offsets[i] = at;
      at += QuickListDescriptor.entryBytes(entryLength(seg, base + at));
    }
    // Pick the matches first, then delete from the last to the first so earlier offsets stay valid.
    boolean[] hit = new boolean[n];
    int hits = 0;
    for (int k = 0; k < n && hits < limit; k++) {
      int i = forward ? k : n - 1 - k;
      int length = entryLength(seg, base + offsets[i]);
      if (equal(seg, base + offsets[i] + QuickListDescriptor.entryBytes(length) - length, length, value)) {
        hit[i] = true;
        hits++;
      }
    }
    if (hits == 0) {
      return 0;
    }
    node = rawOrThrow(ks, ref, node);
    seg = ks.chunkSegment(node);
    base = ks.chunkOffset(node) + NODE_HEADER_BYTES;
    for (int i = n - 1; i >= 0; i--) {
      if (hit[i]) {
        removeEntry(ks, ref, node, offsets[i], QuickListDescriptor.entryBytes(entryLength(seg, base + offsets[i])));
      }
    }
    return hits;
  }

  /** Removes one entry; frees the node when it was its last. Never allocates. */
  private static void removeEntry(Keyspace ks, long ref, long node, long at, int bytes) {
    if (entries(ks, node) == 1) {
      unlinkAndFree(ks, ref, node);
      return;
    }
    resizeNode(ks, ref, node, at, bytes, 0);
    addEntries(ks, node, -1);
  }

  /**
   * Makes the {@code oldBytes} at entry offset {@code at} of {@code node} become {@code newBytes}, shifting the rest;
   * moves the node to a larger chunk (relinking it) when it lacks room. Returns the node's handle, or -1 on OOM
   * (nothing changed). Shrinking never allocates.
   */
  private static long resizeNode(Keyspace ks, long ref, long node, long at, int oldBytes, int newBytes) {
    int used = used(ks, node);
    int capacity = ks.chunkSegment(node).get(U32, ks.chunkOffset(node) + NODE_CAPACITY_OFFSET);
    if ((capacity & COMPRESSED_FLAG) != 0) {
      throw new IllegalStateException("resize of a compressed list node");
    }
    int need = used - oldBytes + newBytes;
    long tail = used - at - oldBytes;
    if (need <= capacity) {
      MemorySegment seg = ks.chunkSegment(node);
      long base = ks.chunkOffset(node) + NODE_HEADER_BYTES;
      MemorySegment.copy(seg, base + at + oldBytes, seg, base + at + newBytes, tail);
      seg.set(U32, ks.chunkOffset(node) + NODE_USED_OFFSET, need);
      seg.set(U32, ks.chunkOffset(node) + NODE_STAMP_OFFSET, NodeOffsets.current().freshStamp());
      return node;
    }
    int grown = (int) Math.max(need, Math.min(2L * capacity, MAX_NODE_ENTRY_BYTES));
    long moved = ks.allocateChunk((long) NODE_HEADER_BYTES + grown);
    if (moved < 0) {
      return -1;
    }
    MemorySegment from = ks.chunkSegment(node);
    long fromAt = ks.chunkOffset(node);
    MemorySegment to = ks.chunkSegment(moved);
    long toAt = ks.chunkOffset(moved);
    MemorySegment.copy(from, fromAt, to, toAt, NODE_HEADER_BYTES + at);
    MemorySegment.copy(from, fromAt + NODE_HEADER_BYTES + at + oldBytes, to, toAt + NODE_HEADER_BYTES + at + newBytes,
        tail);
    to.set(U32, toAt + NODE_USED_OFFSET, need);
    to.set(U32, toAt + NODE_CAPACITY_OFFSET, grown);
    to.set(U32, toAt + NODE_STAMP_OFFSET, NodeOffsets.current().freshStamp());
    relink(ks, ref, node, moved);
    ks.freeChunk(node);
    return moved;
  }

  private static boolean compressed(Keyspace ks, long node) {
    return (ks.chunkSegment(node).get(U32, ks.chunkOffset(node) + NODE_CAPACITY_OFFSET) & COMPRESSED_FLAG) != 0;
  }

  /**
   * The segment holding the node's entry bytes for reading, from {@link #entriesBase} on: the node's chunk, or for a
   * compressed node this thread's decompression scratch (valid until another compressed node is read).
   */
  private static MemorySegment entriesSegment(Keyspace ks, long node) {
    MemorySegment seg = ks.chunkSegment(node);
    long at = ks.chunkOffset(node);
    int capacity = seg.get(U32, at + NODE_CAPACITY_OFFSET);
    if ((capacity & COMPRESSED_FLAG) == 0) {
      return seg;
    }
    return NodeCodec.current().decompress(ks, node, stamp(ks, node), seg, at + NODE_HEADER_BYTES,
        capacity & ~COMPRESSED_FLAG, used(ks, node));
  }

  /** Offset of the first entry in {@link #entriesSegment}. */
  private static long entriesBase(Keyspace ks, long node) {
    return compressed(ks, node) ? 0 : ks.chunkOffset(node) + NODE_HEADER_BYTES;
  }

  /**
   * The node with raw entries: a compressed one is decompressed into a chunk of its own (not refused by maxmemory:
   * see {@link Keyspace#allocateChunkOverLimit}) that takes its place in the chain. Returns -1 when the OS refuses
   * the memory (nothing changed).
   */
  private static long ensureRaw(Keyspace ks, long ref, long node) {
    if (!compressed(ks, node)) {
      return node;
    }
    int used = used(ks, node);
    int capacity = Math.max(used, MIN_NODE_CAPACITY);
    return replaceNode(ks, ref, node, entriesSegment(ks, node), used, capacity, capacity);
  }

  /** {@link #ensureRaw} for edits without an out-of-memory status (pop, LREM, LTRIM): the OS refusing memory throws. */
  private static long rawOrThrow(Keyspace ks, long ref, long node) {
    long raw = ensureRaw(ks, ref, node);
    if (raw < 0) {
      throw new IllegalStateException("out of memory decompressing a list node");
    }
    return raw;
  }

  /**
   * Stores {@code node} compressed when it is interior (both neighbours present), raw, within the compressible sizes
   * and zstd saves at least an eighth of its entry bytes; otherwise (or when no memory is left) leaves it as it is.
   */
  private static void compressIfInterior(Keyspace ks, long ref, long node) {
    if (node < 0 || compressed(ks, node) || link(ks, node, NODE_PREV_OFFSET) < 0
        || link(ks, node, NODE_NEXT_OFFSET) < 0) {
      return;
    }
    int used = used(ks, node);
    if (used < MIN_COMPRESS_BYTES || used > MAX_COMPRESS_BYTES) {
      return;
    }
    NodeCodec codec = NodeCodec.current();
    int packed = codec.compress(ks.chunkSegment(node), ks.chunkOffset(node) + NODE_HEADER_BYTES, used);
    if (packed < 0 || packed > used - used / 8) {
      return;
    }
    replaceNode(ks, ref, node, codec.packed(), packed, packed, packed | COMPRESSED_FLAG);
  }

  /**
   * Moves {@code node} to a new chunk of {@code capacity} payload bytes holding its header and the first {@code
   * bytes} of {@code payload}, with capacity field {@code capacityField} and a fresh stamp, in its place in the
   * chain; frees the old chunk. Returns the new handle, or -1 when the OS refused memory (nothing changed).
   */
  private static long replaceNode(Keyspace ks, long ref, long node, MemorySegment payload, int bytes, int capacity,
      int capacityField) {
    long moved = ks.allocateChunkOverLimit((long) NODE_HEADER_BYTES + capacity);
    if (moved < 0) {
      return -1;
    }
    MemorySegment to = ks.chunkSegment(moved);
    long toAt = ks.chunkOffset(moved);
    MemorySegment.copy(ks.chunkSegment(node), ks.chunkOffset(node), to, toAt, NODE_HEADER_BYTES);
    MemorySegment.copy(payload, 0, to, toAt + NODE_HEADER_BYTES, bytes);
    to.set(U32, toAt + NODE_CAPACITY_OFFSET, capacityField);
    to.set(U32, toAt + NODE_STAMP_OFFSET, NodeOffsets.current().freshStamp());
    relink(ks, ref, node, moved);
    ks.freeChunk(node);
    return moved;
  }

  /** Points the neighbours (or the list header) of {@code node} at {@code moved}. */
  private static void relink(Keyspace ks, long ref, long node, long moved) {
    long prev = link(ks, node, NODE_PREV_OFFSET);
    long next = link(ks, node, NODE_NEXT_OFFSET);
    if (prev >= 0) {
      setLink(ks, prev, NODE_NEXT_OFFSET, moved);
    } else {
      ks.segment(ref).set(U64, ks.valueOffset(ref) + HEAD_OFFSET, moved + 1);
    }
    if (next >= 0) {
      setLink(ks, next, NODE_PREV_OFFSET, moved);
    } else {
      ks.segment(ref).set(U64, ks.valueOffset(ref) + TAIL_OFFSET, moved + 1);
    }
  }

  /** A new empty node between {@code prev} and {@code next} (-1 = list end); its handle, or -1 on OOM. */
  private static long newNode(Keyspace ks, long ref, long prev, long next, int capacity) {
    long node = ks.allocateChunk((long) NODE_HEADER_BYTES + capacity);
    if (node < 0) {
      return -1;
    }
    MemorySegment seg = ks.chunkSegment(node);
    long at = ks.chunkOffset(node);
    seg.asSlice(at, NODE_HEADER_BYTES).fill((byte) 0);
    seg.set(U32, at + NODE_CAPACITY_OFFSET, capacity);
    seg.set(U32, at + NODE_STAMP_OFFSET, NodeOffsets.current().freshStamp());
    seg.set(U64, at + NODE_PREV_OFFSET, prev + 1);
    seg.set(U64, at + NODE_NEXT_OFFSET, next + 1);
    MemorySegment header = ks.segment(ref);
    long h = ks.valueOffset(ref);
    if (prev >= 0) {
      setLink(ks, prev, NODE_NEXT_OFFSET, node);
    } else {
      header.set(U64, h + HEAD_OFFSET, node + 1);
    }
    if (next >= 0) {
      setLink(ks, next, NODE_PREV_OFFSET, node);
    } else {
      header.set(U64, h + TAIL_OFFSET, node + 1);
    }
    header.set(U32, h + NODE_COUNT_OFFSET, header.get(U32, h + NODE_COUNT_OFFSET) + 1);
    return node;
  }

  private static void unlinkAndFree(Keyspace ks, long ref, long node) {
    long prev = link(ks, node, NODE_PREV_OFFSET);
    long next = link(ks, node, NODE_NEXT_OFFSET);
    MemorySegment header = ks.segment(ref);
    long h = ks.valueOffset(ref);
    if (prev >= 0) {
      setLink(ks, prev, NODE_NEXT_OFFSET, next);
    } else {
      header.set(U64, h + HEAD_OFFSET, next + 1);
    }
    if (next >= 0) {
      setLink(ks, next, NODE_PREV_OFFSET, prev);
    } else {
      header.set(U64, h + TAIL_OFFSET, prev + 1);
    }
    header.set(U32, h + NODE_COUNT_OFFSET, header.get(U32, h + NODE_COUNT_OFFSET) - 1);
    ks.freeChunk(node);
  }

  private static void writeEntry(Keyspace ks, long node, long at, MemorySegment value) {
    MemorySegment seg = ks.chunkSegment(node);
    long to = entryAt(ks, node, at);
    int length = (int) value.byteSize();
    if (length < LONG_LENGTH_MARK) {
      seg.set(ValueLayout.JAVA_BYTE, to, (byte) length);
      to += 1;
    } else {
      seg.set(ValueLayout.JAVA_BYTE, to, (byte) LONG_LENGTH_MARK);
      seg.set(U32, to + 1, length);
      to += 5;
    }
    MemorySegment.copy(value, 0, seg, to, length);
  }

  static int entryLength(MemorySegment seg, long entry) {
    int first = seg.get(ValueLayout.JAVA_BYTE, entry) & 0xff;
    return first < LONG_LENGTH_MARK ? first : seg.get(U32, entry + 1);
  }

  private static boolean equal(MemorySegment seg, long offset, int length, MemorySegment value) {
    return length == value.byteSize()
        && MemorySegment.mismatch(seg, offset, offset + length, value, 0, length) == -1;
  }

  private static long entryAt(Keyspace ks, long node, long at) {
    return ks.chunkOffset(node) + NODE_HEADER_BYTES + at;
  }

  /** Head ({@code left}) or tail node handle, or -1 when the list has no node. */
  private static long end(Keyspace ks, long ref, boolean left) {
    return ks.segment(ref).get(U64, ks.valueOffset(ref) + (left ? HEAD_OFFSET : TAIL_OFFSET)) - 1;
  }

  private static long link(Keyspace ks, long node, int offset) {
    return ks.chunkSegment(node).get(U64, ks.chunkOffset(node) + offset) - 1;
  }

  private static void setLink(Keyspace ks, long node, int offset, long target) {
    ks.chunkSegment(node).set(U64, ks.chunkOffset(node) + offset, target + 1);
  }

  private static int used(Keyspace ks, long node) {
    return ks.chunkSegment(node).get(U32, ks.chunkOffset(node) + NODE_USED_OFFSET);
  }

  private static int stamp(Keyspace ks, long node) {
    return ks.chunkSegment(node).get(U32, ks.chunkOffset(node) + NODE_STAMP_OFFSET);
  }

  private static int entries(Keyspace ks, long node) {
    return ks.chunkSegment(node).get(U32, ks.chunkOffset(node) + NODE_ENTRIES_OFFSET);
  }

  private static void addEntries(Keyspace ks, long node, int delta) {
    long at = ks.chunkOffset(node) + NODE_ENTRIES_OFFSET;
    ks.chunkSegment(node).set(U32, at, ks.chunkSegment(node).get(U32, at) + delta);
  }

  private static long addLength(Keyspace ks, long ref, long delta) {
    long at = ks.valueOffset(ref) + LENGTH_OFFSET;
    long length = ks.segment(ref).get(U64, at) + delta;
    ks.segment(ref).set(U64, at, length);
    return length;
  }
}
