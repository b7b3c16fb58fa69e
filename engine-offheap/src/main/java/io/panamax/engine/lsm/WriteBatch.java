package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An ordered list of puts and deletes applied atomically by {@link LsmStore#write}: after a crash either every entry
 * of the batch is recovered or none is, and readers see all of it or none of it. Entries are encoded on the heap in
 * the WAL payload format of {@link WalDescriptor} as they are added, so committing copies one array. A batch is not
 * thread-safe; it may be reused after {@link #clear()}.
 */
public final class WriteBatch {
    static final byte TYPE_DELETE = 0;
    static final byte TYPE_PUT = 1;

    private byte[] buffer = new byte[64];
    private MemorySegment view = MemorySegment.ofArray(buffer); // cached: ofArray allocates
    private int sizeBytes;
    private int entryCount;
    private long memtableBytes;

    /** Adds a put of {@code key} to {@code value}; both are copied. Returns this batch. */
    public WriteBatch put(byte[] key, byte[] value) {
        return put(MemorySegment.ofArray(key), MemorySegment.ofArray(value));
    }

    /** Adds a put of {@code key} to {@code value}; both are copied. Returns this batch. */
    public WriteBatch put(MemorySegment key, MemorySegment value) {
        checkLength(key, "key");
        checkLength(value, "value");
        int need = 9 + (int) key.byteSize() + (int) value.byteSize();
        ensure(need);
        buffer[sizeBytes] = TYPE_PUT;
        MemorySegment dst = view;
        dst.set(Keys.INT_LE_UNALIGNED, sizeBytes + 1, (int) key.byteSize());
        dst.set(Keys.INT_LE_UNALIGNED, sizeBytes + 5, (int) value.byteSize());
        MemorySegment.copy(key, 0, dst, sizeBytes + 9, key.byteSize());
        MemorySegment.copy(value, 0, dst, sizeBytes + 9 + key.byteSize(), value.byteSize());
        sizeBytes += need;
        entryCount++;
        memtableBytes += Memtable.maxNodeBytes(key.byteSize(), value.byteSize());
        return this;
    }

    /** Adds a delete of {@code key} (a tombstone). Returns this batch. */
    public WriteBatch delete(byte[] key) {
        return delete(MemorySegment.ofArray(key));
    }

    /** Adds a delete of {@code key} (a tombstone). Returns this batch. */
    public WriteBatch delete(MemorySegment key) {
        checkLength(key, "key");
        int need = 5 + (int) key.byteSize();
        ensure(need);
        buffer[sizeBytes] = TYPE_DELETE;
        MemorySegment dst = view;
        dst.set(Keys.INT_LE_UNALIGNED, sizeBytes + 1, (int) key.byteSize());
        MemorySegment.copy(key, 0, dst, sizeBytes + 5, key.byteSize());
        sizeBytes += need;
        entryCount++;
        memtableBytes += Memtable.maxNodeBytes(key.byteSize(), 0);
        return this;
    }

    /** Number of puts and deletes. */
    public int entryCount() {
        return entryCount;
    }

    /** Encoded size in bytes (the WAL payload). */
    public int sizeBytes() {
        return sizeBytes;
    }

    /** Appends every entry of {@code other} after this batch's entries (one copy of its encoded bytes). */
    void appendAll(WriteBatch other) {
        ensure(other.sizeBytes);
        System.arraycopy(other.buffer, 0, buffer, sizeBytes, other.sizeBytes);
        sizeBytes += other.sizeBytes;
        entryCount += other.entryCount;
        memtableBytes += other.memtableBytes;
    }

    /** Empties the batch for reuse. */
    public void clear() {
        sizeBytes = 0;
        entryCount = 0;
        memtableBytes = 0;
    }

    byte[] buffer() {
        return buffer;
    }

    /** The encoded entries as a heap segment. */
    MemorySegment payload() {
        return view.asSlice(0, sizeBytes);
    }

    long memtableBytes() {
        return memtableBytes;
    }

    /**
     * Decodes an encoded payload and calls {@code sink} for each entry ({@code value == null} for deletes).
     *
     * @throws IndexOutOfBoundsException when the payload is malformed (callers turn it into corruption)
     */
    static void forEach(MemorySegment payload, int entryCount, EntrySink sink) {
        long offset = 0;
        for (int i = 0; i < entryCount; i++) {
            byte type = payload.get(ValueLayout.JAVA_BYTE, offset);
            int keyLength = payload.get(Keys.INT_LE_UNALIGNED, offset + 1);
            if (type == TYPE_PUT) {
                int valueLength = payload.get(Keys.INT_LE_UNALIGNED, offset + 5);
                MemorySegment key = payload.asSlice(offset + 9, keyLength);
                MemorySegment value = payload.asSlice(offset + 9 + keyLength, valueLength);
                sink.accept(i, key, value);
                offset += 9L + keyLength + valueLength;
            } else if (type == TYPE_DELETE) {
                sink.accept(i, payload.asSlice(offset + 5, keyLength), null);
                offset += 5L + keyLength;
            } else {
                throw new IndexOutOfBoundsException("entry type=" + type + " at payloadOffset=" + offset);
            }
        }
        if (offset != payload.byteSize()) {
            throw new IndexOutOfBoundsException("payloadLength=" + payload.byteSize() + " decoded=" + offset);
        }
    }

    /** Receives decoded batch entries. */
    @FunctionalInterface
    interface EntrySink {
        void accept(int index, MemorySegment key, MemorySegment value);
    }

    private void ensure(int need) {
        if ((long) sizeBytes + need > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("write batch too large: sizeBytes=" + sizeBytes + " need=" + need);
        }
        if (sizeBytes + need > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(sizeBytes + need, buffer.length * 2));
            view = MemorySegment.ofArray(buffer);
        }
    }

    private static void checkLength(MemorySegment s, String name) {
        if (s.byteSize() > (1 << 30)) {
            throw new IllegalArgumentException(name + " too large: byteSize=" + s.byteSize());
        }
    }
}
