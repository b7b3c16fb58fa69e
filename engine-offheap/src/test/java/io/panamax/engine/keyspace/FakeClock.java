package io.panamax.engine.keyspace;

import java.util.function.LongSupplier;

/** A settable millisecond clock for TTL tests. */
final class FakeClock implements LongSupplier {
  long nowMs = 1_700_000_000_000L;

  @Override
  public long getAsLong() {
    return nowMs;
  }
}
