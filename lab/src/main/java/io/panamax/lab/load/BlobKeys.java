package io.panamax.lab.load;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Keys and values of the blob load generators, shaped as minikeyvalue's Go thrasher makes them: key
 * {@code benchmark-<n>} and value {@code value-<n>}, {@code n} a non-negative random 63-bit integer in decimal. A
 * key is the master's URL path, so it carries the leading {@code /} ({@code /benchmark-8302188523371386011}); 20,000
 * keys out of 2^63 collide with probability ~2e-11, and a collision would surface as a PUT answered 403, never as
 * a silent pass. Each worker draws from its own {@link SplittableRandom} seeded by {@link #workerSeed}.
 */
public final class BlobKeys {

    /** Prefix of every generated key, after the leading {@code /}. */
    public static final String KEY_PREFIX = "benchmark-";
    /** Prefix of every generated value. */
    public static final String VALUE_PREFIX = "value-";

    private BlobKeys() {}

    /** A fresh key path, {@code /benchmark-<n>}. */
    public static String key(SplittableRandom random) {
        return "/" + KEY_PREFIX + random.nextLong(Long.MAX_VALUE);
    }

    /** A fresh value, the ASCII bytes of {@code value-<n>}. */
    public static byte[] value(SplittableRandom random) {
        return (VALUE_PREFIX + random.nextLong(Long.MAX_VALUE)).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Seed of worker {@code worker} of a run seeded {@code runSeed}: distinct per worker and not a multiple of
     * {@code SplittableRandom}'s gamma (see {@code LoadGenerator.connectionSeed} for why that matters).
     */
    public static long workerSeed(long runSeed, int worker) {
        return runSeed ^ (0xBF58476D1CE4E5B9L * (worker + 1L) ^ 0x94D049BB133111EBL);
    }
}
