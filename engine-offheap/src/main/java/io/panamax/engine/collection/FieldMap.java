package io.panamax.engine.collection;

import static io.panamax.engine.collection.FieldMapDescriptor.COUNT_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.ENCODING_OFFSET;
import static io.panamax.engine.collection.FieldMapDescriptor.MAX_PACKED_ENTRIES;
import static io.panamax.engine.collection.FieldMapDescriptor.PACKED;
import static io.panamax.engine.collection.FieldMapDescriptor.PACKED_HEADER_BYTES;
import static io.panamax.engine.collection.FieldMapDescriptor.U32;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.random.RandomGenerator;

/**
 * Operations on a field map value ({@link FieldMapDescriptor}) stored under a key of a {@link Keyspace}: the storage of
 * hashes, and of sets (members with empty values). Callers check the key's type first; these methods assume the key,
 * when present, holds a field map. Member chunks come from {@link Keyspace#allocateChunk(long)}, so they count in
 * used memory and are freed by {@link #release(Keyspace, long)} (install it as the keyspace's {@link
 * Keyspace.ValueReleaser}).
 *
 * <p>Refs passed in are those of a fresh {@code lookup}; methods that write take the key and return statuses, since
 * a write may move the record. Not thread-safe (shard thread only).
 */
public final class FieldMap {
  /** put status: a new field was added. */
  public static final int ADDED = 1;
  /** put status: an existing field's value was replaced. */
  public static final int UPDATED = 0;
  /** put status (only-if-absent): the field exists; nothing changed. */
  public static final int PRESENT = 2;
  /** put status: out of memory (maxmemory or OS); nothing changed. */
  public static final int OOM = -2;

  private FieldMap() {}

  /** A view of one entry, valid until the next write to the keyspace. */
  public static final class Entry {
    /** Segment holding the field and the value. */
    public MemorySegment segment;
    /** Byte offset of the field. */
    public long fieldOffset;
    /** Field length in bytes. */
    public int fieldLength;
    /** Byte offset of the value. */
    public long valueOffset;
    /** Value length in bytes. */
    public int valueLength;

    /** A copy of the field. */
    public byte[] field() {
      return copy(segment, fieldOffset, fieldLength);
    }

    /** A copy of the value. */
    public byte[] value() {
      return copy(segment, valueOffset, valueLength);
    }
  }

  /** Visitor of entries; views are valid during the call only. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(Entry entry);
  }

  /** Entries of the map at {@code ref}. */
  public static int count(Keyspace ks, long ref) {
    return ks.segment(ref).get(U32, ks.valueOffset(ref) + COUNT_OFFSET);
  }

  /** Whether the map at {@code ref} is in the packed encoding. */
  public static boolean isPacked(Keyspace ks, long ref) {
    return ks.segment(ref).get(ValueLayout.JAVA_BYTE, ks.valueOffset(ref) + ENCODING_OFFSET) == PACKED;
  }

  /** Finds {@code field} in the map at {@code ref}; fills {@code out} and returns true when present. */
  public static boolean find(Keyspace ks, long ref, MemorySegment field, Entry out) {
    if (isPacked(ks, ref)) {
      long at = packedFind(ks.segment(ref), ks.valueOffset(ref), field);
      if (at < 0) {
        return false;
      }
      packedEntry(ks.segment(ref), at, out);
      return true;
    }
    long handle = FieldTable.find(ks, ref, field, FieldHash.of(field));
    if (handle < 0) {
      return false;
    }
    FieldTable.entry(ks, handle, out);
    return true;
  }

  /**
   * Sets {@code field} to {@code value} in the map under {@code key}, creating the key (type {@code type}, no TTL)
   * when missing and converting to the table encoding past the packed limits.
   *
   * @return {@link #ADDED}, {@link #UPDATED}, {@link #PRESENT} (only with {@code onlyIfAbsent}) or {@link #OOM}.
   */
  public static int put(Keyspace ks, MemorySegment key, int type, MemorySegment field, MemorySegment value,
      boolean onlyIfAbsent) {
    boolean existed = ks.lookup(key) >= 0;
    int status = putOrCreate(ks, key, type, field, value, onlyIfAbsent);
    if (status == OOM && !existed) {
      ks.delete(key); // do not leave an empty map behind
    }
    return status;
  }

  private static int putOrCreate(Keyspace ks, MemorySegment key, int type, MemorySegment field, MemorySegment value,
      boolean onlyIfAbsent) {
    int fieldLength = (int) field.byteSize();
    int valueLength = (int) value.byteSize();
    long ref = ks.lookup(key);
    if (ref < 0) {
      if (FieldMapDescriptor.packable(fieldLength, valueLength)) {
        ref = ks.put(key, type, PACKED_HEADER_BYTES, 0, 0);
        if (ref < 0) {
          return OOM;
        }
        MemorySegment seg = ks.segment(ref);
        long base = ks.valueOffset(ref);
        seg.asSlice(base, PACKED_HEADER_BYTES).fill((byte) 0);
      } else {
        ref = FieldTable.create(ks, key, type, null, 0);
        if (ref < 0) {
          return OOM;
        }
      }
    }
    if (!isPacked(ks, ref)) {
      return FieldTable.put(ks, ref, field, value, onlyIfAbsent);
    }
    MemorySegment seg = ks.segment(ref);
    long base = ks.valueOffset(ref);
    long at = packedFind(seg, base, field);
    int count = count(ks, ref);
    if (at >= 0 && onlyIfAbsent) {
      return PRESENT;
    }
    boolean fits = FieldMapDescriptor.packable(fieldLength, valueLength) && (at >= 0 || count < MAX_PACKED_ENTRIES);
    if (!fits) {
      ref = FieldTable.create(ks, key, type, ref, 0);
      return ref < 0 ? OOM : FieldTable.put(ks, ref, field, value, onlyIfAbsent);
    }
    if (at >= 0) {
      int oldFieldLength = seg.get(ValueLayout.JAVA_BYTE, at) & 0xff;
      long valueAt = at - base + 1 + oldFieldLength;
      int oldValueLength = seg.get(ValueLayout.JAVA_BYTE, base + valueAt) & 0xff;
      ref = resize(ks, key, type, ref, valueAt + 1, oldValueLength, valueLength);
      if (ref < 0) {
        return OOM;
      }
      seg = ks.segment(ref);
      base = ks.valueOffset(ref);
      seg.set(ValueLayout.JAVA_BYTE, base + valueAt, (byte) valueLength);
      MemorySegment.copy(value, 0, seg, base + valueAt + 1, valueLength);
      return UPDATED;
    }
    int oldLength = ks.valueLength(ref);
    int entryBytes = FieldMapDescriptor.packedEntryBytes(fieldLength, valueLength);
    ref = resize(ks, key, type, ref, oldLength, 0, entryBytes);
    if (ref < 0) {
      return OOM;
    }
    seg = ks.segment(ref);
    long to = ks.valueOffset(ref) + oldLength;
    seg.set(ValueLayout.JAVA_BYTE, to, (byte) fieldLength);
    MemorySegment.copy(field, 0, seg, to + 1, fieldLength);
    seg.set(ValueLayout.JAVA_BYTE, to + 1 + fieldLength, (byte) valueLength);
    MemorySegment.copy(value, 0, seg, to + 2 + fieldLength, valueLength);
    seg.set(U32, ks.valueOffset(ref) + COUNT_OFFSET, count + 1);
    return ADDED;
  }

  /**
   * Removes {@code field} from the map under {@code key}; deletes the key when the map becomes empty (as Redis does).
   *
   * @return true if the field was present.
   */
  public static boolean remove(Keyspace ks, MemorySegment key, MemorySegment field) {
    long ref = ks.lookup(key);
    if (ref < 0) {
      return false;
    }
    int count = count(ks, ref);
    if (isPacked(ks, ref)) {
      MemorySegment seg = ks.segment(ref);
      long base = ks.valueOffset(ref);
      long at = packedFind(seg, base, field);
      if (at < 0) {
        return false;
      }
      if (count == 1) {
        ks.delete(key);
        return true;
      }
      int fieldLength = seg.get(ValueLayout.JAVA_BYTE, at) & 0xff;
      int valueLength = seg.get(ValueLayout.JAVA_BYTE, at + 1 + fieldLength) & 0xff;
      ref = resize(ks, key, ks.type(ref), ref, at - base, FieldMapDescriptor.packedEntryBytes(fieldLength, valueLength), 0);
      if (ref >= 0) {
        ks.segment(ref).set(U32, ks.valueOffset(ref) + COUNT_OFFSET, count - 1);
      }
      return true;
    }
    if (!FieldTable.remove(ks, ref, field)) {
      return false;
    }
    if (count == 1) {
      ks.delete(key);
    }
    return true;
  }

  /** Visits every entry of the map at {@code ref} (packed: insertion order; table: slot order). */
  public static void forEach(Keyspace ks, long ref, EntryVisitor visitor) {
    Entry e = new Entry();
    if (isPacked(ks, ref)) {
      MemorySegment seg = ks.segment(ref);
      long at = firstPacked(ks, ref);
      for (int i = count(ks, ref); i > 0; i--) {
        packedEntry(seg, at, e);
        visitor.visit(e);
        at = e.valueOffset + e.valueLength;
      }
      return;
    }
    FieldTable.forEach(ks, ref, e, visitor);
  }

  /** A uniformly random entry (packed) or nearly so (table) of the non-empty map at {@code ref}, into {@code out}. */
  public static void random(Keyspace ks, long ref, RandomGenerator rnd, Entry out) {
    if (isPacked(ks, ref)) {
      MemorySegment seg = ks.segment(ref);
      long at = firstPacked(ks, ref);
      for (int skip = rnd.nextInt(count(ks, ref)); skip >= 0; skip--) {
        packedEntry(seg, at, out);
        at = out.valueOffset + out.valueLength;
      }
      return;
    }
    FieldTable.random(ks, ref, rnd, out);
  }

  /**
   * Removes a random entry of the map under {@code key} (picked as {@link #random} picks), visiting it first; the view
   * is valid during the call only. Deletes the key when the map becomes empty. SPOP without a count.
   *
   * @return false when the key is missing
   */
  public static boolean popRandom(Keyspace ks, MemorySegment key, RandomGenerator rnd, EntryVisitor visitor) {
    long ref = ks.lookup(key);
    if (ref < 0) {
      return false;
    }
    Entry e = new Entry();
    if (isPacked(ks, ref)) {
      random(ks, ref, rnd, e);
      visitor.visit(e);
      remove(ks, key, MemorySegment.ofArray(e.field()));
      return true;
    }
    int count = count(ks, ref);
    FieldTable.popRandom(ks, ref, rnd, e, visitor);
    if (count == 1) {
      ks.delete(key);
    }
    return true;
  }

  /**
   * One step of an HSCAN/SSCAN over the map at {@code ref}: start with cursor 0, pass back the returned cursor, stop
   * at 0. The packed encoding is visited whole in one call (as Redis does for listpacks). The table is walked by home
   * slot in reverse-binary cursor order (Redis's dictScan), visiting every entry whose home is the cursor's slot
   * wherever linear probing or a backward shift placed it in the probe run; while a resize drains, both tables are
   * walked as Redis's dictScan walks its two (see {@link FieldTable}). An entry present for the whole scan is
   * visited at least once even if the table grows or shrinks between calls; entries may repeat after a resize.
   *
   * @param count about how many home slots to cover ({@code >= 1}).
   * @return the next cursor, 0 when done.
   */
  public static long scan(Keyspace ks, long ref, long cursor, long count, EntryVisitor visitor) {
    Entry e = new Entry();
    if (isPacked(ks, ref)) {
      forEach(ks, ref, visitor);
      return 0;
    }
    return FieldTable.scan(ks, ref, cursor, count, e, visitor);
  }

  /** OBJECT ENCODING name: {@code listpack} or {@code hashtable}. */
  public static String encoding(Keyspace ks, long ref) {
    return isPacked(ks, ref) ? "listpack" : "hashtable";
  }

  /** Frees the table and entry chunks of the map at {@code ref} (nothing for the packed encoding); the {@link
   * Keyspace.ValueReleaser} of field maps. */
  public static void release(Keyspace ks, long ref) {
    if (!isPacked(ks, ref)) {
      FieldTable.release(ks, ref);
    }
  }

  /**
   * Replaces the value under {@code key} with an empty table-encoded map followed by {@code extraBytes} zeroed bytes
   * for the caller (a sorted set's skiplist header). Returns the ref or {@link Keyspace#OOM} (nothing changed).
   */
  static long createTable(Keyspace ks, MemorySegment key, int type, int extraBytes) {
    return FieldTable.create(ks, key, type, null, extraBytes);
  }

  /** Table form: adds an entry for an absent field; its chunk handle, or -1 on OOM. */
  static long tableInsert(Keyspace ks, long ref, MemorySegment field, MemorySegment value) {
    return FieldTable.insertNew(ks, ref, field, FieldHash.of(field), value);
  }

  /** Table form: the chunk handle of the entry for {@code field}, or -1. */
  static long tableFind(Keyspace ks, long ref, MemorySegment field) {
    return FieldTable.find(ks, ref, field, FieldHash.of(field));
  }

  /** Table form: removes the entry for {@code field} (frees its chunk); false when absent. */
  static boolean tableRemove(Keyspace ks, long ref, MemorySegment field) {
    return FieldTable.remove(ks, ref, field);
  }

  // -----------------------------------------------------------------------------------------------------------------

  /**
   * Makes the {@code oldBytes} at value position {@code at} become {@code newBytes}, shifting the tail; the bytes of
   * the region are undefined afterwards. Returns the new ref or {@link Keyspace#OOM} (value unchanged).
   */
  static long resize(Keyspace ks, MemorySegment key, int type, long ref, long at, int oldBytes, int newBytes) {
    int length = ks.valueLength(ref);
    long tail = length - at - oldBytes;
    int newLength = length - oldBytes + newBytes;
    if (newBytes > oldBytes) {
      long grown = ks.put(key, type, newLength, 0, Keyspace.KEEP_TTL | Keyspace.PRESERVE_VALUE);
      if (grown < 0) {
        return Keyspace.OOM;
      }
      long base = ks.valueOffset(grown);
      MemorySegment.copy(ks.segment(grown), base + at + oldBytes, ks.segment(grown), base + at + newBytes, tail);
      return grown;
    }
    if (newBytes == oldBytes) {
      return ref;
    }
    MemorySegment seg = ks.segment(ref);
    long base = ks.valueOffset(ref);
    byte[] saved = copy(seg, base + at, oldBytes);
    MemorySegment.copy(seg, base + at + oldBytes, seg, base + at + newBytes, tail);
    long shrunk = ks.put(key, type, newLength, 0, Keyspace.KEEP_TTL | Keyspace.PRESERVE_VALUE);
    if (shrunk < 0) { // only when already past a lowered maxmemory: undo
      MemorySegment.copy(seg, base + at + newBytes, seg, base + at + oldBytes, tail);
      MemorySegment.copy(saved, 0, seg, ValueLayout.JAVA_BYTE, base + at, oldBytes);
      return Keyspace.OOM;
    }
    return shrunk;
  }

  /** Absolute offset of the packed entry for {@code field}, or -1. */
  private static long packedFind(MemorySegment seg, long base, MemorySegment field) {
    long fieldLength = field.byteSize();
    long at = base + PACKED_HEADER_BYTES;
    for (int i = seg.get(U32, base + COUNT_OFFSET); i > 0; i--) {
      int f = seg.get(ValueLayout.JAVA_BYTE, at) & 0xff;
      if (f == fieldLength && MemorySegment.mismatch(seg, at + 1, at + 1 + f, field, 0, fieldLength) == -1) {
        return at;
      }
      int v = seg.get(ValueLayout.JAVA_BYTE, at + 1 + f) & 0xff;
      at += 2 + f + v;
    }
    return -1;
  }

  /** Absolute offset of the first packed entry of the map at {@code ref}. */
  static long firstPacked(Keyspace ks, long ref) {
    return ks.valueOffset(ref) + PACKED_HEADER_BYTES;
  }

  static void packedEntry(MemorySegment seg, long at, Entry out) {
    out.segment = seg;
    out.fieldLength = seg.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    out.fieldOffset = at + 1;
    out.valueLength = seg.get(ValueLayout.JAVA_BYTE, at + 1 + out.fieldLength) & 0xff;
    out.valueOffset = at + 2 + out.fieldLength;
  }

  static byte[] copy(MemorySegment seg, long offset, int length) {
    byte[] out = new byte[length];
    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, out, 0, length);
    return out;
  }
}
