package io.panamax.lab.jmh;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Keys, values and the random key order shared by the keyspace benchmarks and the footprint printout: keys are the
 * 16 ASCII bytes {@code key:%012d} (present) and {@code miss:%011d} (absent), values 64 bytes.
 *
 * <p>Benchmarks write each lookup key into one scratch buffer ({@link #writeHitKey}) instead of picking it from a
 * precomputed array of a million keys: in the server the key bytes were just decoded and are in cache, while an
 * array of a million keys would add one or two cache and TLB misses per operation that are not the structure's.
 */
final class BenchmarkData {
    /** Entries preloaded into every structure. */
    static final int ENTRY_COUNT = 1_000_000;
    /** Bytes per key. */
    static final int KEY_BYTES = 16;
    /** Bytes per value. */
    static final int VALUE_BYTES = 64;

    private static final byte[] HIT_PREFIX = "key:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MISS_PREFIX = "miss:".getBytes(StandardCharsets.US_ASCII);

    private BenchmarkData() {}

    /** {@code key:%012d} of {@code i}, 16 bytes. */
    static byte[] hitKey(int i) {
        byte[] k = new byte[KEY_BYTES];
        writeHitKey(MemorySegment.ofArray(k), i);
        return k;
    }

    /** {@code miss:%011d} of {@code i}, 16 bytes; never equal to a {@link #hitKey(int)}. */
    static byte[] missKey(int i) {
        byte[] k = new byte[KEY_BYTES];
        writeMissKey(MemorySegment.ofArray(k), i);
        return k;
    }

    /** Writes {@link #hitKey(int)} of {@code i} into the first 16 bytes of {@code dst}, allocating nothing. */
    static void writeHitKey(MemorySegment dst, int i) {
        writeKey(dst, HIT_PREFIX, i);
    }

    /** Writes {@link #missKey(int)} of {@code i} into the first 16 bytes of {@code dst}, allocating nothing. */
    static void writeMissKey(MemorySegment dst, int i) {
        writeKey(dst, MISS_PREFIX, i);
    }

    /** 64 printable bytes depending on {@code seed}. */
    static byte[] value(int seed) {
        byte[] v = new byte[VALUE_BYTES];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) ('a' + (seed + i) % 26);
        }
        return v;
    }

    private static void writeKey(MemorySegment dst, byte[] prefix, int i) {
        MemorySegment.copy(prefix, 0, dst, ValueLayout.JAVA_BYTE, 0, prefix.length);
        int n = i;
        for (int pos = KEY_BYTES - 1; pos >= prefix.length; pos--) {
            dst.set(ValueLayout.JAVA_BYTE, pos, (byte) ('0' + n % 10));
            n /= 10;
        }
    }

    /**
     * Pseudo-random indexes in {@code [0, bound)}: a 64-bit LCG (Knuth's MMIX constants) reduced by multiply-shift,
     * so picking a key costs a multiply and touches no memory. Every benchmark starts from the same seed.
     */
    static final class IndexSequence {
        private final long bound;
        private long state = 42;

        IndexSequence(int bound) {
            this.bound = bound;
        }

        int next() {
            state = state * 6364136223846793005L + 1442695040888963407L;
            return (int) (((state >>> 32) * bound) >>> 32);
        }
    }
}
