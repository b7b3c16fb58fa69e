package io.panamax.engine.lsm;

import java.util.Random;

/** Seeds for randomized tests: printed, and fixed with {@code -Dtests.seed=N}. */
final class TestSeeds {
    private TestSeeds() {}

    static long seed(String testName) {
        String fixed = System.getProperty("tests.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
        System.out.println(testName + ": tests.seed=" + seed + " (rerun with -Dtests.seed=" + seed + ")");
        return seed;
    }
}
