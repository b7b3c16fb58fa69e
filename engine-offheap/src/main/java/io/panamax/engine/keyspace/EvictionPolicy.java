package io.panamax.engine.keyspace;

import java.util.Locale;

/**
 * Redis's {@code maxmemory-policy} values (https://redis.io/docs/latest/develop/reference/eviction/): which entries a
 * write that would pass maxmemory may evict, and how the victim is chosen.
 *
 * <ul>
 *   <li>{@link #ALLKEYS_LRU}: exact, the tail of the LRU list ({@link LruDescriptor}).
 *   <li>{@link #VOLATILE_LRU}: exact, the least recently used entry that has a TTL (a walk from the LRU tail that
 *       skips entries without one: cost O(entries without TTL used less recently than the victim)).
 *   <li>{@link #ALLKEYS_RANDOM}, {@link #VOLATILE_RANDOM}: a random entry (with a TTL), picked like RANDOMKEY (not
 *       uniform: entries after runs of empty slots are likelier).
 *   <li>{@link #VOLATILE_TTL}: approximated as Redis does: of {@code maxmemory-samples} sampled entries with a TTL,
 *       the one that expires soonest.
 *   <li>{@link #ALLKEYS_LFU}, {@link #VOLATILE_LFU}: approximated as Redis does: of {@code maxmemory-samples} sampled
 *       entries (with a TTL), the one with the lowest decayed LFU counter ({@link LfuCounter}). Unlike Redis there is
 *       no eviction pool carried between evictions, so the approximation is a little looser.
 * </ul>
 *
 * <p>Volatile policies evict only entries with a TTL and, when none is left, behave like {@link #NOEVICTION}.
 */
public enum EvictionPolicy {
  NOEVICTION("noeviction", false, false),
  ALLKEYS_LRU("allkeys-lru", false, false),
  VOLATILE_LRU("volatile-lru", true, false),
  ALLKEYS_RANDOM("allkeys-random", false, false),
  VOLATILE_RANDOM("volatile-random", true, false),
  VOLATILE_TTL("volatile-ttl", true, false),
  ALLKEYS_LFU("allkeys-lfu", false, true),
  VOLATILE_LFU("volatile-lfu", true, true);

  private final String redisName;
  private final boolean volatileOnly;
  private final boolean lfu;

  EvictionPolicy(String redisName, boolean volatileOnly, boolean lfu) {
    this.redisName = redisName;
    this.volatileOnly = volatileOnly;
    this.lfu = lfu;
  }

  /** The name in Redis's configuration, e.g. {@code allkeys-lru}. */
  public String redisName() {
    return redisName;
  }

  /** Whether only entries with a TTL may be evicted. */
  public boolean volatileOnly() {
    return volatileOnly;
  }

  /** Whether entries carry LFU counters instead of access times (OBJECT FREQ vs OBJECT IDLETIME). */
  public boolean lfu() {
    return lfu;
  }

  /** Whether the policy evicts at all. */
  public boolean evicts() {
    return this != NOEVICTION;
  }

  /** The policy named {@code name} (case-insensitive, Redis's names), or null if there is none. */
  public static EvictionPolicy parse(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (EvictionPolicy p : values()) {
      if (p.redisName.equals(n)) {
        return p;
      }
    }
    return null;
  }

  /** Redis's list of the names, in its error message order. */
  public static final String NAMES_FOR_ERRORS =
      "volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction";
}
