package io.panamax.engine.keyspace;

/**
 * Redis's LFU counter (evict.c, "LFU (Least Frequently Used) implementation"): an 8-bit logarithmic (Morris-style)
 * access counter plus the 16-bit time in minutes of its last decrement, packed in an entry's access word ({@link
 * AccessDescriptor}). A hit raises the counter with probability {@code 1 / ((counter - 5) * lfu-log-factor + 1)}
 * (always below 5); an idle entry loses one per {@code lfu-decay-time} minutes, applied lazily when it is next read.
 * New entries start at {@link #INIT_VALUE} so they are not evicted before they had a chance to be used.
 */
final class LfuCounter {
  /** Counter of a new entry (Redis's LFU_INIT_VAL). */
  static final int INIT_VALUE = 5;
  /** Largest counter. */
  static final int MAX = 255;

  private LfuCounter() {}

  /** Minutes clock of LFU words: {@code (nowMs / 60000) mod 2^16}. */
  static int minutes(long nowMs) {
    return (int) ((nowMs / 60_000) & 0xFFFF);
  }

  /** Packs a last-decrement time in minutes and a counter. */
  static int word(int minutes, int counter) {
    return (minutes << 8) | counter;
  }

  /** Minutes elapsed since {@code ldt}, modulo the 16-bit wrap (Redis's LFUTimeElapsed). */
  static int elapsed(int ldt, int nowMinutes) {
    return nowMinutes >= ldt ? nowMinutes - ldt : 0xFFFF - ldt + nowMinutes;
  }

  /** The counter of {@code word} after decay at {@code nowMinutes}, without updating it (LFUDecrAndReturn). */
  static int decayed(int word, int nowMinutes, int decayTimeMinutes) {
    int counter = word & 0xFF;
    int periods = decayTimeMinutes == 0 ? 0 : elapsed((word >>> 8) & 0xFFFF, nowMinutes) / decayTimeMinutes;
    return periods > counter ? 0 : counter - periods;
  }

  /** The counter after one hit, given a uniform {@code r} in [0, 1) (LFULogIncr). */
  static int increment(int counter, double r, int logFactor) {
    if (counter == MAX) {
      return MAX;
    }
    double base = Math.max(0, counter - INIT_VALUE);
    return r < 1.0 / (base * logFactor + 1) ? counter + 1 : counter;
  }
}
