package io.panamax.lab.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Keys, values and the random key order shared by the keyspace benchmarks and the footprint printout: keys are the
 * 16 ASCII bytes {@code key:%012d} (present) and {@code miss:%011d} (absent), values 64 bytes.
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
        return key(HIT_PREFIX, i);
    }

    /** {@code miss:%011d} of {@code i}, 16 bytes; never equal to a {@link #hitKey(int)}. */
    static byte[] missKey(int i) {
        return key(MISS_PREFIX, i);
    }

    /** 64 printable bytes depending on {@code seed}. */
    static byte[] value(int seed) {
        byte[] v = new byte[VALUE_BYTES];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) ('a' + (seed + i) % 26);
        }
        return v;
    }

    /** Copies {@code keys} into one native segment of {@code arena} and returns a slice per key, in order. */
    static MemorySegment[] nativeSlices(Arena arena, byte[][] keys) {
        MemorySegment buffer = arena.allocate((long) keys.length * KEY_BYTES, 64);
        MemorySegment[] slices = new MemorySegment[keys.length];
        for (int i = 0; i < keys.length; i++) {
            slices[i] = buffer.asSlice((long) i * KEY_BYTES, KEY_BYTES);
            MemorySegment.copy(MemorySegment.ofArray(keys[i]), 0, slices[i], 0, KEY_BYTES);
        }
        return slices;
    }

    private static byte[] key(byte[] prefix, int i) {
        byte[] k = new byte[KEY_BYTES];
        System.arraycopy(prefix, 0, k, 0, prefix.length);
        int n = i;
        for (int pos = KEY_BYTES - 1; pos >= prefix.length; pos--) {
            k[pos] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return k;
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
