package io.panamax.engine.collection;

import static io.panamax.engine.collection.FieldMapDescriptor.COUNT_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.DRAIN_CAPACITY_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.DRAIN_CURSOR_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.DRAIN_HANDLE_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.ENCODING_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.ENTRY_FIELD_LENGTH_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.ENTRY_HASH_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.ENTRY_HEADER_BYTES;
import static io.panamax.engine.collection.FieldMapDescriptor.ENTRY_VALUE_LENGTH_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.MAX_CAPACITY;
import static io.panamax.engine.collection.FieldMapDescriptor.MIN_CAPACITY;
import static io.panamax.engine.collection.FieldMapDescriptor.SLOT_BYTES;
import static io.panamax.engine.collection.FieldMapDescriptor.SLOT_HANDLE_BITS;
import static io.panamax.engine.collection.FieldMapDescriptor.SLOT_HANDLE_MASK;
import static io.panamax.engine.collection.FieldMapDescriptor.SLOT_TAG_MASK;
import static io.panamax.engine.collection.FieldMapDescriptor.TABLE;
import static io.panamax.engine.collection.FieldMapDescriptor.TABLE_CAPACITY_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.TABLE_HANDLE_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.TABLE_HEADER_BYTES;
import static io.panamax.engine.collection.FieldMapDescriptor.U32;
import static io.panamax.engine.collection.FieldMapDescriptor.U64;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.random.RandomGenerator;

/**
 * The table encoding of a field map ({@link FieldMapDescriptor}): an open-addressing table of entry chunk handles
 * with linear probing and backward-shift deletion, resized incrementally like Redis's dict ({@code dict.c},
 * {@code _dictRehashStep}): a resize only allocates the new table (a big one is a fresh mapping, so not even a zeroing
 * pass), and every later insert or removal drains {@link #DRAIN_STEP_SLOTS} slots of the previous table into it. A
 * field map of millions of entries therefore grows and shrinks without a pause proportional to its size.
 *
 * <p>The draining table is emptied from slot 0 upwards one whole probe run at a time (a run is moved entirely or not
 * at all), so what it still holds is always a valid linear-probing table: removing a whole run, or the tail of the run
 * that wraps around the end, never cuts the probe path of an entry that stays. Not thread-safe (shard thread only).
 */
final class FieldTable {
  /**
   * Draining-table slots examined per insert or removal (more when a probe run crosses the budget). Growing at 3/4 load
   * to twice the capacity leaves 3/4 of the old capacity in inserts before the next resize is due, and shrinking at 1/8
   * to half leaves at least a quarter, so a drain of 16 slots per operation always finishes long before.
   */
  static final int DRAIN_STEP_SLOTS = 16;

  private FieldTable() {}

  /**
   * Builds the table form for the key: from the packed map at {@code packedRef} (or empty when null), then replaces
   * the value with the table header followed by {@code extraBytes} zero bytes. Returns the new ref or
   * {@link Keyspace#OOM} (nothing changed).
   */
  static long create(Keyspace ks, MemorySegment key, int type, Long packedRef, int extraBytes) {
    long table = ks.allocateZeroedChunk((long) MIN_CAPACITY * SLOT_BYTES);
    if (table < 0) {
      return Keyspace.OOM;
    }
    int count = 0;
    if (packedRef != null) {
      MemorySegment seg = ks.segment(packedRef);
      FieldMap.Entry e = new FieldMap.Entry();
      for (long at = FieldMap.firstPacked(ks, packedRef); count < FieldMap.count(ks, packedRef); count++) {
        FieldMap.packedEntry(seg, at, e);
        at = e.valueOffset + e.valueLength;
        MemorySegment field = seg.asSlice(e.fieldOffset, e.fieldLength);
        int hash = FieldHash.of(field);
        long entry = newEntry(ks, field, hash, seg.asSlice(e.valueOffset, e.valueLength));
        if (entry < 0) {
          freeTable(ks, table, MIN_CAPACITY);
          return Keyspace.OOM;
        }
        insertSlot(ks, table, MIN_CAPACITY - 1, slotOf(entry, hash));
      }
    }
    long ref = ks.put(key, type, TABLE_HEADER_BYTES + extraBytes, 0, Keyspace.KEEP_TTL);
    if (ref < 0) {
      freeTable(ks, table, MIN_CAPACITY);
      return Keyspace.OOM;
    }
    MemorySegment seg = ks.segment(ref);
    long base = ks.valueOffset(ref);
    seg.asSlice(base, TABLE_HEADER_BYTES + extraBytes).fill((byte) 0);
    seg.set(ValueLayout.JAVA_BYTE, base + ENCODING_OFFSET, TABLE);
    seg.set(U32, base + COUNT_OFFSET, count);
    seg.set(U64, base + TABLE_HANDLE_OFFSET, table);
    seg.set(U32, base + TABLE_CAPACITY_OFFSET, MIN_CAPACITY);
    return ref;
  }

  /** The entry handle holding {@code field}, or -1. */
  static long find(Keyspace ks, long ref, MemorySegment field, int hash) {
    long table = table(ks, ref);
    int slot = probe(ks, table, capacity(ks, ref) - 1, field, hash);
    if (slot < 0) {
      int drainCapacity = drainCapacity(ks, ref);
      if (drainCapacity == 0) {
        return -1;
      }
      table = drainTable(ks, ref);
      slot = probe(ks, table, drainCapacity - 1, field, hash);
      if (slot < 0) {
        return -1;
      }
    }
    return slotEntry(slotValue(ks, table, slot));
  }

  /** Sets {@code field} to {@code value}: {@link FieldMap#ADDED}, {@code UPDATED}, {@code PRESENT} or {@code OOM}. */
  static int put(Keyspace ks, long ref, MemorySegment field, MemorySegment value, boolean onlyIfAbsent) {
    int hash = FieldHash.of(field);
    long table = table(ks, ref);
    int slot = probe(ks, table, capacity(ks, ref) - 1, field, hash);
    int drainCapacity = drainCapacity(ks, ref);
    if (slot < 0 && drainCapacity != 0) {
      table = drainTable(ks, ref);
      slot = probe(ks, table, drainCapacity - 1, field, hash);
    }
    if (slot < 0) {
      return insertNew(ks, ref, field, hash, value) < 0 ? FieldMap.OOM : FieldMap.ADDED;
    }
    if (onlyIfAbsent) {
      return FieldMap.PRESENT;
    }
    long old = slotEntry(slotValue(ks, table, slot));
    MemorySegment seg = ks.chunkSegment(old);
    long at = ks.chunkOffset(old);
    if (seg.get(U32, at + ENTRY_VALUE_LENGTH_OFFSET) == value.byteSize()) {
      MemorySegment.copy(value, 0, seg, at + ENTRY_HEADER_BYTES + field.byteSize(), value.byteSize());
      return FieldMap.UPDATED;
    }
    long entry = newEntry(ks, field, hash, value);
    if (entry < 0) {
      return FieldMap.OOM;
    }
    setSlot(ks, table, slot, slotOf(entry, hash));
    ks.freeChunk(old);
    return FieldMap.UPDATED;
  }

  /** Adds an entry for a field known to be absent; its handle, or -1 on OOM (the entries are unchanged). */
  static long insertNew(Keyspace ks, long ref, MemorySegment field, int hash, MemorySegment value) {
    drain(ks, ref, DRAIN_STEP_SLOTS);
    int count = FieldMap.count(ks, ref);
    int capacity = capacity(ks, ref);
    if ((long) (count + 1) * 4 > (long) capacity * 3) {
      if (capacity >= MAX_CAPACITY) {
        return -1;
      }
      drain(ks, ref, Long.MAX_VALUE); // a previous resize still draining: never happens at the step rate above
      if (!startResize(ks, ref, capacity * 2)) {
        return -1;
      }
      drain(ks, ref, DRAIN_STEP_SLOTS);
      capacity *= 2;
    }
    long entry = newEntry(ks, field, hash, value);
    if (entry < 0) {
      return -1;
    }
    insertSlot(ks, table(ks, ref), capacity - 1, slotOf(entry, hash));
    ks.segment(ref).set(U32, ks.valueOffset(ref) + COUNT_OFFSET, count + 1);
    return entry;
  }

  /** Removes the entry for {@code field} and frees its chunk; false when absent. */
  static boolean remove(Keyspace ks, long ref, MemorySegment field) {
    drain(ks, ref, DRAIN_STEP_SLOTS);
    int hash = FieldHash.of(field);
    long table = table(ks, ref);
    int mask = capacity(ks, ref) - 1;
    int slot = probe(ks, table, mask, field, hash);
    if (slot < 0) {
      int drainCapacity = drainCapacity(ks, ref);
      if (drainCapacity == 0) {
        return false;
      }
      table = drainTable(ks, ref);
      mask = drainCapacity - 1;
      slot = probe(ks, table, mask, field, hash);
      if (slot < 0) {
        return false;
      }
    }
    ks.freeChunk(slotEntry(slotValue(ks, table, slot)));
    deleteSlot(ks, table, mask, slot);
    afterRemove(ks, ref);
    return true;
  }

  /**
   * Removes an entry picked as {@link #random} picks it, visiting it first (the view is valid during the call): no
   * hashing or probing by field, the slot is deleted where it was found. The table must hold an entry.
   */
  static void popRandom(Keyspace ks, long ref, RandomGenerator rnd, FieldMap.Entry e, FieldMap.EntryVisitor visitor) {
    drain(ks, ref, DRAIN_STEP_SLOTS);
    int p = randomOccupied(ks, ref, rnd);
    int capacity = capacity(ks, ref);
    long table = p < capacity ? table(ks, ref) : drainTable(ks, ref);
    int mask = (p < capacity ? capacity : drainCapacity(ks, ref)) - 1;
    int slot = p < capacity ? p : drainCursor(ks, ref) + (p - capacity);
    long entry = slotEntry(slotValue(ks, table, slot));
    entry(ks, entry, e);
    visitor.visit(e);
    ks.freeChunk(entry);
    deleteSlot(ks, table, mask, slot);
    afterRemove(ks, ref);
  }

  /** After one entry left the map: counts it and starts shrinking the table once it is 1/8 full. */
  private static void afterRemove(Keyspace ks, long ref) {
    int count = FieldMap.count(ks, ref) - 1;
    ks.segment(ref).set(U32, ks.valueOffset(ref) + COUNT_OFFSET, count);
    int capacity = capacity(ks, ref);
    if (drainCapacity(ks, ref) == 0 && capacity > MIN_CAPACITY && (long) count * 8 < capacity
        && startResize(ks, ref, capacity / 2)) { // shrinking is best effort: on OOM the table just stays larger
      drain(ks, ref, DRAIN_STEP_SLOTS);
    }
  }

  /** Visits every entry (slot order of the draining table, then of the table). */
  static void forEach(Keyspace ks, long ref, FieldMap.Entry e, FieldMap.EntryVisitor visitor) {
    int drainCapacity = drainCapacity(ks, ref);
    if (drainCapacity != 0) {
      forEachIn(ks, drainTable(ks, ref), drainCapacity, e, visitor);
    }
    forEachIn(ks, table(ks, ref), capacity(ks, ref), e, visitor);
  }

  private static void forEachIn(Keyspace ks, long table, int capacity, FieldMap.Entry e,
      FieldMap.EntryVisitor visitor) {
    for (int i = 0; i < capacity; i++) {
      long v = slotValue(ks, table, i);
      if (v != 0) {
        entry(ks, slotEntry(v), e);
        visitor.visit(e);
      }
    }
  }

  /**
   * One scan step (see {@link FieldMap#scan}). While a resize drains, the two tables' capacities differ by a factor of
   * two; as Redis's dictScan does, the cursor's home slot of the smaller table is visited together with every home
   * slot of the larger one that extends it, so an entry is met whichever table holds it at that moment.
   */
  static long scan(Keyspace ks, long ref, long cursor, long count, FieldMap.Entry e, FieldMap.EntryVisitor visitor) {
    long table = table(ks, ref);
    long mask = capacity(ks, ref) - 1;
    int drainCapacity = drainCapacity(ks, ref);
    long v = cursor;
    if (drainCapacity == 0) {
      for (long steps = Math.max(1, count); steps > 0; steps--) {
        visitHome(ks, table, mask, (int) (v & mask), e, visitor);
        v = nextCursor(v, mask);
        if (v == 0) {
          return 0;
        }
      }
      return v;
    }
    long small = table;
    long smallMask = mask;
    long large = drainTable(ks, ref);
    long largeMask = drainCapacity - 1;
    if (smallMask > largeMask) {
      small = large;
      smallMask = largeMask;
      large = table;
      largeMask = mask;
    }
    for (long steps = Math.max(1, count); steps > 0; steps--) {
      visitHome(ks, small, smallMask, (int) (v & smallMask), e, visitor);
      do {
        visitHome(ks, large, largeMask, (int) (v & largeMask), e, visitor);
        v = nextCursor(v, largeMask);
      } while ((v & (smallMask ^ largeMask)) != 0);
      if (v == 0) {
        return 0;
      }
    }
    return v;
  }

  /** Reverse-binary increment over the bits of {@code mask} (dictScan's cursor). */
  private static long nextCursor(long v, long mask) {
    return Long.reverse(Long.reverse(v | ~mask) + 1);
  }

  /** Visits the entries whose home slot is {@code home}: they sit in the probe run that starts there. */
  private static void visitHome(Keyspace ks, long table, long mask, int home, FieldMap.Entry e,
      FieldMap.EntryVisitor visitor) {
    for (int i = home; ; i = (int) ((i + 1) & mask)) {
      long slot = slotValue(ks, table, i);
      if (slot == 0) {
        return;
      }
      if (home(ks, slot, mask) == home) {
        entry(ks, slotEntry(slot), e);
        visitor.visit(e);
      }
    }
  }

  /** A nearly uniform random entry of the non-empty map, into {@code out}. */
  static void random(Keyspace ks, long ref, RandomGenerator rnd, FieldMap.Entry out) {
    int p = randomOccupied(ks, ref, rnd);
    int capacity = capacity(ks, ref);
    long v = p < capacity
        ? slotValue(ks, table(ks, ref), p)
        : slotValue(ks, drainTable(ks, ref), drainCursor(ks, ref) + (p - capacity));
    entry(ks, slotEntry(v), out);
  }

  /**
   * A random occupied slot of the non-empty map, as a position over both tables: below the table's capacity, that
   * slot of the table; from there on, the slots of the draining table from its drain cursor up (those below it are
   * empty and never drawn). Up to 64 uniform draws, then the next occupied position.
   */
  private static int randomOccupied(Keyspace ks, long ref, RandomGenerator rnd) {
    long table = table(ks, ref);
    int capacity = capacity(ks, ref);
    MemorySegment tableSlots = ks.chunkSegment(table);
    long tableAt = ks.chunkOffset(table);
    int drainCapacity = drainCapacity(ks, ref);
    MemorySegment drainSlots = tableSlots;
    long drainAt = 0;
    int positions = capacity;
    if (drainCapacity != 0) {
      long drain = drainTable(ks, ref);
      int cursor = drainCursor(ks, ref);
      drainSlots = ks.chunkSegment(drain);
      drainAt = ks.chunkOffset(drain) + (long) cursor * SLOT_BYTES;
      positions += drainCapacity - cursor;
    }
    int p = rnd.nextInt(positions);
    for (int tries = 1; ; tries++) {
      long v = p < capacity
          ? tableSlots.get(U64, tableAt + (long) p * SLOT_BYTES)
          : drainSlots.get(U64, drainAt + (long) (p - capacity) * SLOT_BYTES);
      if (v != 0) {
        return p;
      }
      p = tries < 64 ? rnd.nextInt(positions) : p + 1 == positions ? 0 : p + 1;
    }
  }

  /** Frees every entry chunk and the table chunks. */
  static void release(Keyspace ks, long ref) {
    int drainCapacity = drainCapacity(ks, ref);
    if (drainCapacity != 0) {
      freeTable(ks, drainTable(ks, ref), drainCapacity);
    }
    freeTable(ks, table(ks, ref), capacity(ks, ref));
  }

  /** Fills {@code out} with a view of the entry chunk {@code handle}. */
  static void entry(Keyspace ks, long handle, FieldMap.Entry out) {
    MemorySegment seg = ks.chunkSegment(handle);
    long at = ks.chunkOffset(handle);
    out.segment = seg;
    out.fieldLength = seg.get(U32, at + ENTRY_FIELD_LENGTH_OFFSET);
    out.valueLength = seg.get(U32, at + ENTRY_VALUE_LENGTH_OFFSET);
    out.fieldOffset = at + ENTRY_HEADER_BYTES;
    out.valueOffset = out.fieldOffset + out.fieldLength;
  }

  // -----------------------------------------------------------------------------------------------------------------

  /** Allocates a table of {@code capacity} and starts draining the current one into it; false (no change) on OOM. */
  private static boolean startResize(Keyspace ks, long ref, int capacity) {
    long fresh = ks.allocateZeroedChunk((long) capacity * SLOT_BYTES);
    if (fresh < 0) {
      return false;
    }
    MemorySegment seg = ks.segment(ref);
    long base = ks.valueOffset(ref);
    seg.set(U64, base + DRAIN_HANDLE_OFFSET, seg.get(U64, base + TABLE_HANDLE_OFFSET));
    seg.set(U32, base + DRAIN_CAPACITY_OFFSET, seg.get(U32, base + TABLE_CAPACITY_OFFSET));
    seg.set(U32, base + DRAIN_CURSOR_OFFSET, 0);
    seg.set(U64, base + TABLE_HANDLE_OFFSET, fresh);
    seg.set(U32, base + TABLE_CAPACITY_OFFSET, capacity);
    return true;
  }

  /**
   * Moves the draining table's entries into the table, whole probe runs from the drain cursor on, until at least
   * {@code budgetSlots} slots were examined and the cursor rests on an empty slot; frees the draining table when it
   * is empty.
   */
  private static void drain(Keyspace ks, long ref, long budgetSlots) {
    MemorySegment header = ks.segment(ref);
    long base = ks.valueOffset(ref);
    int drainCapacity = header.get(U32, base + DRAIN_CAPACITY_OFFSET);
    if (drainCapacity == 0) {
      return;
    }
    long drain = header.get(U64, base + DRAIN_HANDLE_OFFSET);
    long table = header.get(U64, base + TABLE_HANDLE_OFFSET);
    int mask = header.get(U32, base + TABLE_CAPACITY_OFFSET) - 1;
    MemorySegment slots = ks.chunkSegment(drain);
    long slotsAt = ks.chunkOffset(drain);
    int cursor = header.get(U32, base + DRAIN_CURSOR_OFFSET);
    for (long examined = 0; cursor < drainCapacity; cursor++, examined++) {
      long v = slots.get(U64, slotsAt + (long) cursor * SLOT_BYTES);
      if (v == 0) {
        if (examined >= budgetSlots) {
          break; // between runs: everything left is still reachable
        }
        continue;
      }
      insertSlot(ks, table, mask, v);
      slots.set(U64, slotsAt + (long) cursor * SLOT_BYTES, 0L);
    }
    if (cursor < drainCapacity) {
      header.set(U32, base + DRAIN_CURSOR_OFFSET, cursor);
      return;
    }
    ks.freeChunk(drain);
    header.set(U32, base + DRAIN_CAPACITY_OFFSET, 0);
    header.set(U32, base + DRAIN_CURSOR_OFFSET, 0);
    header.set(U64, base + DRAIN_HANDLE_OFFSET, 0L);
  }

  /** The slot of {@code table} holding {@code field}, or -1. */
  private static int probe(Keyspace ks, long table, int mask, MemorySegment field, int hash) {
    MemorySegment slots = ks.chunkSegment(table);
    long slotsAt = ks.chunkOffset(table);
    long fieldLength = field.byteSize();
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long v = slots.get(U64, slotsAt + (long) i * SLOT_BYTES);
      if (v == 0) {
        return -1;
      }
      if ((int) (v >>> SLOT_HANDLE_BITS) != (hash & SLOT_TAG_MASK)) {
        continue; // another field: its entry is not read
      }
      long entry = slotEntry(v);
      MemorySegment seg = ks.chunkSegment(entry);
      long at = ks.chunkOffset(entry);
      if (seg.get(U32, at + ENTRY_HASH_OFFSET) == hash
          && seg.get(U32, at + ENTRY_FIELD_LENGTH_OFFSET) == fieldLength
          && MemorySegment.mismatch(seg, at + ENTRY_HEADER_BYTES, at + ENTRY_HEADER_BYTES + fieldLength, field, 0,
              fieldLength) == -1) {
        return i;
      }
    }
  }

  /** Empties {@code slot}, pulling later entries of its probe run back into the hole when their home allows it. */
  private static void deleteSlot(Keyspace ks, long table, int mask, int slot) {
    MemorySegment slots = ks.chunkSegment(table);
    long slotsAt = ks.chunkOffset(table);
    int hole = slot;
    for (int j = (hole + 1) & mask; ; j = (j + 1) & mask) {
      long v = slots.get(U64, slotsAt + (long) j * SLOT_BYTES);
      if (v == 0) {
        break;
      }
      int home = home(ks, v, mask);
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        slots.set(U64, slotsAt + (long) hole * SLOT_BYTES, v);
        hole = j;
      }
    }
    slots.set(U64, slotsAt + (long) hole * SLOT_BYTES, 0L);
  }

  /** Puts the slot value {@code v} (see {@link #slotOf}) at the first free slot of its probe run. */
  private static void insertSlot(Keyspace ks, long table, int mask, long v) {
    MemorySegment slots = ks.chunkSegment(table);
    long slotsAt = ks.chunkOffset(table);
    int i = home(ks, v, mask);
    while (slots.get(U64, slotsAt + (long) i * SLOT_BYTES) != 0) {
      i = (i + 1) & mask;
    }
    slots.set(U64, slotsAt + (long) i * SLOT_BYTES, v);
  }

  /** The slot value naming {@code entry} with the tag of {@code hash}. */
  private static long slotOf(long entry, int hash) {
    return (entry + 1) | ((long) (hash & SLOT_TAG_MASK) << SLOT_HANDLE_BITS);
  }

  /** The entry handle of a non-empty slot value. */
  static long slotEntry(long v) {
    return (v & SLOT_HANDLE_MASK) - 1;
  }

  /** Home slot of the entry in slot value {@code v} under {@code mask}: from the tag when it holds the mask's bits. */
  private static int home(Keyspace ks, long v, long mask) {
    if (mask <= SLOT_TAG_MASK) {
      return (int) ((v >>> SLOT_HANDLE_BITS) & mask);
    }
    return (int) (entryHash(ks, slotEntry(v)) & mask);
  }

  private static long newEntry(Keyspace ks, MemorySegment field, int hash, MemorySegment value) {
    long fieldLength = field.byteSize();
    long valueLength = value.byteSize();
    long handle = ks.allocateChunk(ENTRY_HEADER_BYTES + fieldLength + valueLength);
    if (handle < 0) {
      return -1;
    }
    if (handle + 1 > SLOT_HANDLE_MASK) { // a slot could not name it (see FieldMapDescriptor)
      ks.freeChunk(handle);
      return -1;
    }
    MemorySegment seg = ks.chunkSegment(handle);
    long at = ks.chunkOffset(handle);
    seg.set(U32, at + ENTRY_HASH_OFFSET, hash);
    seg.set(U32, at + ENTRY_FIELD_LENGTH_OFFSET, (int) fieldLength);
    seg.set(U32, at + ENTRY_VALUE_LENGTH_OFFSET, (int) valueLength);
    MemorySegment.copy(field, 0, seg, at + ENTRY_HEADER_BYTES, fieldLength);
    MemorySegment.copy(value, 0, seg, at + ENTRY_HEADER_BYTES + fieldLength, valueLength);
    return handle;
  }

  private static void freeTable(Keyspace ks, long table, int capacity) {
    for (int i = 0; i < capacity; i++) {
      long v = slotValue(ks, table, i);
      if (v != 0) {
        ks.freeChunk(slotEntry(v));
      }
    }
    ks.freeChunk(table);
  }

  private static int entryHash(Keyspace ks, long entry) {
    return ks.chunkSegment(entry).get(U32, ks.chunkOffset(entry) + ENTRY_HASH_OFFSET);
  }

  private static long slotValue(Keyspace ks, long table, int slot) {
    return ks.chunkSegment(table).get(U64, ks.chunkOffset(table) + (long) slot * SLOT_BYTES);
  }

  private static void setSlot(Keyspace ks, long table, int slot, long value) {
    ks.chunkSegment(table).set(U64, ks.chunkOffset(table) + (long) slot * SLOT_BYTES, value);
  }

  private static long table(Keyspace ks, long ref) {
    return ks.segment(ref).get(U64, ks.valueOffset(ref) + TABLE_HANDLE_OFFSET);
  }

  private static int capacity(Keyspace ks, long ref) {
    return ks.segment(ref).get(U32, ks.valueOffset(ref) + TABLE_CAPACITY_OFFSET);
  }

  private static long drainTable(Keyspace ks, long ref) {
    return ks.segment(ref).get(U64, ks.valueOffset(ref) + DRAIN_HANDLE_OFFSET);
  }

  /** Slots of the draining table, 0 when no resize is in progress. */
  /** First slot of the draining table not yet drained (the slots below it are empty). */
  private static int drainCursor(Keyspace ks, long ref) {
    return ks.segment(ref).get(U32, ks.valueOffset(ref) + DRAIN_CURSOR_OFFSET);
  }

  static int drainCapacity(Keyspace ks, long ref) {
    return ks.segment(ref).get(U32, ks.valueOffset(ref) + DRAIN_CAPACITY_OFFSET);
  }
}
