package io.panamax.engine.keyspace;

/**
 * Eviction settings of a {@link Keyspace}, with Redis's names and defaults (redis.conf, MEMORY MANAGEMENT).
 *
 * @param policy {@code maxmemory-policy}.
 * @param samples {@code maxmemory-samples}: entries sampled per eviction by the approximated policies
 *     (volatile-ttl, allkeys-lfu, volatile-lfu), {@code >= 1}.
 * @param lfuLogFactor {@code lfu-log-factor}: how many hits it takes to raise an LFU counter, {@code >= 0}.
 * @param lfuDecayTimeMinutes {@code lfu-decay-time}: minutes per decrement of an idle entry's counter, {@code >= 0}
 *     (0 = never decays).
 */
public record EvictionConfig(EvictionPolicy policy, int samples, int lfuLogFactor, int lfuDecayTimeMinutes) {
  /** Checks the arguments. */
  public EvictionConfig {
    if (policy == null) {
      throw new IllegalArgumentException("policy=null");
    }
    if (samples < 1) {
      throw new IllegalArgumentException("samples=" + samples);
    }
    if (lfuLogFactor < 0) {
      throw new IllegalArgumentException("lfuLogFactor=" + lfuLogFactor);
    }
    if (lfuDecayTimeMinutes < 0) {
      throw new IllegalArgumentException("lfuDecayTimeMinutes=" + lfuDecayTimeMinutes);
    }
  }

  /** Redis's defaults: noeviction, 5 samples, log factor 10, decay time 1 minute. */
  public static EvictionConfig defaults() {
    return new EvictionConfig(EvictionPolicy.NOEVICTION, 5, 10, 1);
  }

  /** This configuration with another policy. */
  public EvictionConfig withPolicy(EvictionPolicy p) {
    return new EvictionConfig(p, samples, lfuLogFactor, lfuDecayTimeMinutes);
  }
}
