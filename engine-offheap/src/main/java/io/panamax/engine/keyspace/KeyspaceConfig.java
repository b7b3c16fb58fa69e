package io.panamax.engine.keyspace;

import java.util.function.LongSupplier;

/**
 * Settings of one shard's {@link Keyspace}.
 *
 * @param initialCapacity keys the first hash table holds before its first growth ({@code >= 0}).
 * @param maxmemoryBytes limit on {@link Keyspace#usedMemoryBytes()} for writes; 0 = none.
 * @param clockMs wall clock in milliseconds since the epoch, used for TTLs (tests pass a fake one).
 * @param accessClockMs the clock the access word of every lookup reads (LRU idle time in seconds, LFU decay in
 *     minutes): may lag {@code clockMs} by the owner's refresh period (the RESP shard refreshes it every 10 ms on its
 *     loop, later while a batch keeps the loop busy), as Redis's {@code server.lruclock} lags by up to its cron
 *     period, so that a lookup need not read the system clock. TTLs never use it.
 */
public record KeyspaceConfig(long initialCapacity, long maxmemoryBytes, LongSupplier clockMs, LongSupplier accessClockMs) {
  /** Checks the arguments. */
  public KeyspaceConfig {
    if (initialCapacity < 0 || initialCapacity > (1L << 32)) {
      throw new IllegalArgumentException("initialCapacity=" + initialCapacity);
    }
    if (maxmemoryBytes < 0) {
      throw new IllegalArgumentException("maxmemoryBytes=" + maxmemoryBytes);
    }
    if (clockMs == null || accessClockMs == null) {
      throw new IllegalArgumentException("clockMs=" + clockMs + " accessClockMs=" + accessClockMs);
    }
  }

  /** With the access words read from {@code clockMs} itself. */
  public KeyspaceConfig(long initialCapacity, long maxmemoryBytes, LongSupplier clockMs) {
    this(initialCapacity, maxmemoryBytes, clockMs, clockMs);
  }

  /** 1024 keys initially, no maxmemory, the system clock. */
  public static KeyspaceConfig defaults() {
    return new KeyspaceConfig(1024, 0, System::currentTimeMillis);
  }
}
