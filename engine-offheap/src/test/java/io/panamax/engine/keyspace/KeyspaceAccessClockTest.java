package io.panamax.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The access-word clock ({@link KeyspaceConfig#accessClockMs()}) times idleness only; TTLs follow the real clock. */
class KeyspaceAccessClockTest {
  private final FakeClock clock = new FakeClock();
  private final FakeClock accessClock = new FakeClock();

  @Test
  void idleTimeFollowsTheAccessClockAndExpiryTheTtlClock() {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(16, 0, clock, accessClock))) {
      ByteKey idle = ByteKey.of("idle");
      ByteKey ttl = ByteKey.of("ttl");
      assertThat(keyspace.put(idle.heap(), 0, 8, 0, 0)).isNotNegative();
      assertThat(keyspace.put(ttl.heap(), 0, 8, clock.nowMs + 100, 0)).isNotNegative();

      clock.nowMs += 5_000; // the cached access clock has not ticked yet
      assertThat(keyspace.idleTimeSeconds(idle.heap())).isZero();
      assertThat(keyspace.lookup(ttl.heap())).as("expired by the TTL clock alone").isNegative();

      accessClock.nowMs += 7_000;
      assertThat(keyspace.idleTimeSeconds(idle.heap())).isEqualTo(7);
      assertThat(keyspace.lookup(idle.heap())).isNotNegative(); // an access: recorded at the access clock's time
      assertThat(keyspace.idleTimeSeconds(idle.heap())).isZero();
    }
  }
}
