package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Bloom filter over the keys of one SSTable, stored as the filter block (layouts in FORMAT.md, "Filter block").
 *
 * <p>Format 2 is <em>cache-line blocked</em> (Putze, Sanders, Singler, "Cache-, Hash- and Space-Efficient Bloom
 * Filters", 2007; the shape of RocksDB's FastLocalBloom): {@code [lines : 64 bytes each][k : 1 byte]}. The low 32 bits
 * of the key's XXH3 hash pick one 64-byte line ({@code (low32 * lines) >>> 32}); every probe sets or tests a bit of
 * that line, taken from the top 9 bits of the high 32 bits, which are multiplied by the golden ratio between probes.
 * A lookup therefore misses the cache once, not once per probe; the false-positive rate at 10 bits per key is ~1%
 * instead of ~0.8%. The writer starts the filter block on a 64-byte boundary of the file (and so of the mapping), so
 * each line is one cache line.
 *
 * <p>Format 1 (still read): {@code [bits : ceil(m/8) bytes][k : 1 byte]}, probe i tests bit {@code (h1 + i * h2) mod m}
 * where {@code h1, h2} are the low and high halves of {@link Keys#hash64V1} (Kirsch–Mitzenmacher double hashing).
 */
final class BloomFilter {
    /** Bytes per line of a format-2 filter: one cache line. */
    static final int LINE_BYTES = 64;
    private static final int LINE_BITS = LINE_BYTES * 8;
    /** Multiplier between probes of one key (2^32 / golden ratio), as RocksDB's FastLocalBloom. */
    private static final int PROBE_MULTIPLIER = 0x9E3779B9;

    private BloomFilter() {}

    /** Number of probes for {@code bitsPerKey}: {@code round(bitsPerKey * ln 2)} clamped to [1, 30]. */
    static int probes(int bitsPerKey) {
        return Math.max(1, Math.min(30, (int) Math.round(bitsPerKey * 0.69)));
    }

    /**
     * Builds a format-2 filter block for the given key hashes ({@link Keys#hash64(MemorySegment)}).
     *
     * @return {@code lines * 64 + 1} bytes: the lines, then the probe count
     */
    static byte[] build(long[] hashes, int count, int bitsPerKey) {
        long bits = Math.max(LINE_BITS, (long) count * bitsPerKey);
        int lines = (int) ((bits + LINE_BITS - 1) / LINE_BITS);
        int k = probes(bitsPerKey);
        byte[] filter = new byte[lines * LINE_BYTES + 1];
        for (int n = 0; n < count; n++) {
            long h = hashes[n];
            int base = line(h, lines) * LINE_BYTES;
            int h2 = (int) (h >>> 32);
            for (int i = 0; i < k; i++) {
                int bit = h2 >>> 23; // top 9 bits: 0..511
                filter[base + (bit >>> 3)] |= (byte) (1 << (bit & 7));
                h2 *= PROBE_MULTIPLIER;
            }
        }
        filter[lines * LINE_BYTES] = (byte) k;
        return filter;
    }

    /**
     * True when the key with this hash may be in the format-2 filter; false means it is certainly absent. A filter
     * shorter than one line plus its probe count (disabled: {@code bitsPerKey = 0}) matches everything.
     */
    static boolean mayContain(MemorySegment filter, long hash) {
        long size = filter.byteSize();
        if (size < LINE_BYTES + 1) {
            return true;
        }
        int lines = (int) ((size - 1) / LINE_BYTES);
        int k = filter.get(ValueLayout.JAVA_BYTE, size - 1);
        long base = (long) line(hash, lines) * LINE_BYTES;
        int h2 = (int) (hash >>> 32);
        for (int i = 0; i < k; i++) {
            int bit = h2 >>> 23;
            if ((filter.get(ValueLayout.JAVA_BYTE, base + (bit >>> 3)) & (1 << (bit & 7))) == 0) {
                return false;
            }
            h2 *= PROBE_MULTIPLIER;
        }
        return true;
    }

    /** The line of a key: Lemire's multiply-shift range reduction of the hash's low 32 bits onto {@code [0, lines)}. */
    private static int line(long hash, int lines) {
        return (int) (((hash & 0xFFFFFFFFL) * lines) >>> 32);
    }

    /** {@link #mayContain} for a format-1 filter and a {@link Keys#hash64V1} hash. */
    static boolean mayContainV1(MemorySegment filter, long hash) {
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
