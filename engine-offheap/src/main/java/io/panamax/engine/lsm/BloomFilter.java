package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Bloom filter over the keys of one SSTable, stored as the filter block: {@code [bits : ceil(m/8) bytes][k : 1 byte]}.
 * Probe i sets bit {@code (h1 + i * h2) mod m} where {@code h1, h2} are the low and high halves of
 * {@link Keys#hash64} (Kirsch–Mitzenmacher double hashing).
 */
final class BloomFilter {
    private BloomFilter() {}

    /** Number of probes for {@code bitsPerKey}: {@code round(bitsPerKey * ln 2)} clamped to [1, 30]. */
    static int probes(int bitsPerKey) {
        return Math.max(1, Math.min(30, (int) Math.round(bitsPerKey * 0.69)));
    }

    /** Builds the filter block for the given key hashes. */
    static byte[] build(long[] hashes, int count, int bitsPerKey) {
        long bits = Math.max(64, (long) count * bitsPerKey);
        int bytes = (int) ((bits + 7) / 8);
        bits = bytes * 8L;
        int k = probes(bitsPerKey);
        byte[] filter = new byte[bytes + 1];
        for (int n = 0; n < count; n++) {
            int h1 = (int) hashes[n];
            int h2 = (int) (hashes[n] >>> 32);
            for (int i = 0; i < k; i++) {
                long bit = Integer.toUnsignedLong(h1 + i * h2) % bits;
                filter[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
            }
        }
        filter[bytes] = (byte) k;
        return filter;
    }

    /** True when the key with this hash may be in the filter; false means it is certainly absent. */
    static boolean mayContain(MemorySegment filter, long hash) {
        long size = filter.byteSize();
        if (size < 2) {
            return true; // empty or disabled filter
        }
        long bits = (size - 1) * 8;
        int k = filter.get(ValueLayout.JAVA_BYTE, size - 1);
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32);
        for (int i = 0; i < k; i++) {
            long bit = Integer.toUnsignedLong(h1 + i * h2) % bits;
            if ((filter.get(ValueLayout.JAVA_BYTE, bit >>> 3) & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }
}
