package io.panamax.lab.jmh;

import java.util.Arrays;

/**
 * A {@code byte[]} as a {@link java.util.HashMap} key: content equality and {@link Arrays#hashCode(byte[])},
 * recomputed on every call (not cached), so a map lookup pays for hashing the key bytes as the off-heap
 * keyspace does. The array must not change while the key is in a map.
 */
public final class ByteArrayKey {
    private final byte[] bytes;

    public ByteArrayKey(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteArrayKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
