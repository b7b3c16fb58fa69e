package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** A growable little-endian byte array used to build blocks, manifests and footers on the heap. */
final class ByteSink {
    private byte[] bytes;
    private MemorySegment view; // cached: MemorySegment.ofArray allocates
    private int size;

    ByteSink(int capacity) {
        bytes = new byte[capacity];
        view = MemorySegment.ofArray(bytes);
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    void reset() {
        size = 0;
    }

    MemorySegment segment() {
        return view.asSlice(0, size);
    }

    ByteSink writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    ByteSink writeInt(int v) {
        ensure(4);
        view.set(Keys.INT_LE_UNALIGNED, size, v);
        size += 4;
        return this;
    }

    ByteSink writeLong(long v) {
        ensure(8);
        view.set(Keys.LONG_LE_UNALIGNED, size, v);
        size += 8;
        return this;
    }

    ByteSink writeVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        return writeByte((int) v);
    }

    ByteSink write(MemorySegment src, long offset, long length) {
        ensure((int) length);
        MemorySegment.copy(src, offset, view, size, length);
        size += (int) length;
        return this;
    }

    ByteSink write(byte[] src) {
        ensure(src.length);
        System.arraycopy(src, 0, bytes, size, src.length);
        size += src.length;
        return this;
    }

    private void ensure(int n) {
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + n, bytes.length * 2));
            view = MemorySegment.ofArray(bytes);
        }
    }
}
