package io.panamax.engine.memory;

/** Seeds for randomized tests: {@code -Dtests.seed=} replays a run; the seed used is always printed. */
public final class TestSeed {
  private TestSeed() {}

  /** The seed to use for {@code testName}, printed as {@code tests.seed=...}. */
  public static long seed(String testName) {
    String fixed = System.getProperty("tests.seed");
    long seed = fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : System.nanoTime();
    System.out.println(testName + ": tests.seed=" + seed + " (replay with -Dtests.seed=" + seed + ")");
    return seed;
  }
}
