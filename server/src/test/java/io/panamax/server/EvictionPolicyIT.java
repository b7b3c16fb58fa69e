package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * maxmemory-policy beyond allkeys-lru with real clients (Jedis, the cache protocol) against a real Panamax process,
 * and the CONFIG / OBJECT replies byte for byte against a real redis-server.
 */
class EvictionPolicyIT {
  private static final long MAXMEMORY = 4L << 20;

  private static Jedis jedis(ServerProcess server) {
    return new Jedis(new HostAndPort("127.0.0.1", server.port),
        DefaultJedisClientConfig.builder().timeoutMillis(10_000).build());
  }

  @Test
  void volatileLruEvictsOnlyKeysWithATtlThenAnswersOom() throws Exception {
    try (ServerProcess server = ServerProcess.panamax("--shards", "2", "--maxmemory", "4mb",
            "--maxmemory-policy", "volatile-lru");
        Jedis j = jedis(server)) {
      String value = "v".repeat(1000);
      for (int i = 0; i < 500; i++) {
        assertThat(j.set("persistent:" + i, value)).isEqualTo("OK");
      }
      for (int i = 0; i < 8_000; i++) {
        assertThat(j.set("volatile:" + i, value, SetParams.setParams().ex(3600))).isEqualTo("OK");
      }
      assertThat(field(j.info("stats"), "evicted_keys")).isPositive();
      assertThat(field(j.info("memory"), "used_memory")).isLessThanOrEqualTo(MAXMEMORY);
      assertThat(j.info("memory")).contains("maxmemory_policy:volatile-lru");
      assertThat(j.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "volatile-lru");
      assertThat(j.exists("volatile:7999")).as("the most recent key with a TTL").isTrue();
      assertThat(j.exists("volatile:0")).as("the least recent key with a TTL").isFalse();
      for (int i = 0; i < 500; i++) {
        assertThat(j.exists("persistent:" + i)).as("persistent:%d", i).isTrue();
      }
      assertThat(field(j.info("keyspace"), "expires")).isPositive();
      int i = 0;
      JedisDataException oom = null;
      while (oom == null && i < 20_000) {
        try {
          j.set("more:" + i++, value);
        } catch (JedisDataException e) {
          oom = e;
        }
      }
      assertThat(oom).isNotNull();
      assertThat(oom.getMessage()).isEqualTo("OOM command not allowed when used memory > 'maxmemory'.");
      assertThat(oom.getMessage()).as("a shard answers OOM once it has no key with a TTL left").isNotEmpty();
      assertThat(j.exists("more:0")).isTrue();
      assertThat(j.exists("persistent:0")).isTrue();
    }
  }

  @Test
  void configSetSwitchesPoliciesAndObjectFreqCountsRespAndCacheAccesses() throws Exception {
    try (ServerProcess server = ServerProcess.panamax("--shards", "2", "--maxmemory", "4mb");
        Jedis j = jedis(server);
        CacheClient cache = new CacheClient(server.cachePort)) {
      j.set("k", "v");
      assertThatThrownBy(() -> j.objectFreq("k")).hasMessageStartingWith("ERR An LFU maxmemory policy is not selected");
      assertThat(j.configSet("maxmemory-policy", "ALLKEYS-LFU")).isEqualTo("OK");
      assertThat(j.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lfu");
      assertThat(j.info("memory")).contains("maxmemory_policy:allkeys-lfu");
      assertThat(j.configSet("lfu-log-factor", "0")).isEqualTo("OK");
      assertThat(j.configSet("lfu-decay-time", "0")).as("no decay: a minute boundary must not change the counts")
          .isEqualTo("OK");
      j.set("fresh", "v");
      assertThat(j.objectFreq("fresh")).as("LFU_INIT_VAL").isEqualTo(5);
      for (int i = 0; i < 20; i++) {
        j.get("fresh");
      }
      assertThat(j.objectFreq("fresh")).as("log factor 0: every hit counts; OBJECT itself does not").isEqualTo(25);
      cache.call("{\"key\":\"fresh\"}");
      assertThat(j.objectFreq("fresh")).as("a cache protocol GET is an access too").isEqualTo(26);
      j.touch("fresh");
      assertThat(j.objectFreq("fresh")).as("TOUCH is an access").isEqualTo(27);
      j.exists("fresh");
      j.type("fresh");
      j.ttl("fresh");
      assertThat(j.objectFreq("fresh")).as("EXISTS, TYPE, TTL are not").isEqualTo(27);
      assertThatThrownBy(() -> j.objectIdletime("fresh")).hasMessageStartingWith("ERR An LFU maxmemory policy is selected");
      assertThat(j.objectFreq("missing")).isNull();

      // Fill under allkeys-lfu: the frequently read key survives a 3x overfill.
      String value = "x".repeat(1000);
      for (int i = 0; i < 12_000; i++) {
        j.set("fill:" + i, value);
        if (i % 100 == 0) {
          j.get("fresh");
        }
      }
      assertThat(field(j.info("stats"), "evicted_keys")).isPositive();
      assertThat(field(j.info("memory"), "used_memory")).isLessThanOrEqualTo(MAXMEMORY);
      assertThat(j.get("fresh")).isEqualTo("v");

      assertThat(j.configSet("maxmemory-policy", "allkeys-random")).isEqualTo("OK");
      assertThat(j.configSet("maxmemory-samples", "10")).isEqualTo("OK");
      assertThat(j.configGet("maxmemory-samples")).containsEntry("maxmemory-samples", "10");
      for (int i = 0; i < 3_000; i++) {
        j.set("random:" + i, value);
      }
      assertThat(j.configSet("maxmemory-policy", "noeviction")).isEqualTo("OK");
      assertThatThrownBy(() -> {
        for (int i = 0; i < 3_000; i++) {
          j.set("noeviction:" + i, value);
        }
      }).hasMessage("OOM command not allowed when used memory > 'maxmemory'.");
      assertThat(cache.call("{\"key\":\"cache-under-noeviction\",\"value\":\"" + value + "\"}"))
          .as("cache protocol writes still evict (LRU)").contains("\"status\":\"OK\"");
    }
  }

  @Test
  void objectIdletimeIsSecondsSinceTheLastAccessByEitherProtocol() throws Exception {
    try (ServerProcess server = ServerProcess.panamax("--shards", "2", "--maxmemory-policy", "volatile-ttl");
        Jedis j = jedis(server);
        CacheClient cache = new CacheClient(server.cachePort)) {
      j.set("a", "1");
      j.set("b", "1");
      j.set("c", "1");
      Thread.sleep(2_100);
      assertThat(j.objectIdletime("a")).isBetween(2L, 4L);
      j.exists("a");
      j.type("a");
      j.ttl("a");
      assertThat(j.objectIdletime("a")).as("EXISTS, TYPE, TTL and OBJECT are not accesses").isBetween(2L, 4L);
      j.get("a");
      j.touch("b");
      cache.call("{\"key\":\"c\"}");
      assertThat(j.objectIdletime("a")).as("GET").isZero();
      assertThat(j.objectIdletime("b")).as("TOUCH").isZero();
      assertThat(j.objectIdletime("c")).as("cache protocol GET").isZero();
      assertThat(j.objectIdletime("missing")).isNull();
    }
  }

  @Test
  void configAndObjectRepliesMatchRedisByteForByte() throws Exception {
    assumeTrue(ServerProcess.redisInstalled(), "redis-server not installed");
    List<List<String>> commands = List.of(
        List.of("CONFIG", "SET", "maxmemory-policy", "lru-please"),
        List.of("CONFIG", "SET", "maxmemory-samples", "0"),
        List.of("CONFIG", "SET", "maxmemory-samples", "many"),
        List.of("CONFIG", "SET", "lfu-log-factor", "-1"),
        List.of("CONFIG", "SET", "lfu-decay-time", "-1"),
        List.of("CONFIG", "GET", "maxmemory-samples"),
        List.of("CONFIG", "GET", "lfu-log-factor"),
        List.of("CONFIG", "GET", "lfu-decay-time"),
        List.of("SET", "k", "v"),
        List.of("OBJECT", "FREQ", "k"),
        List.of("OBJECT", "FREQ", "missing"),
        List.of("OBJECT", "IDLETIME", "k"),
        List.of("OBJECT", "HELP"),
        List.of("CONFIG", "SET", "maxmemory-policy", "Volatile-LFU"),
        List.of("CONFIG", "GET", "maxmemory-policy"),
        List.of("OBJECT", "IDLETIME", "k"),
        List.of("OBJECT", "IDLETIME", "missing"),
        List.of("CONFIG", "SET", "maxmemory", "1"),
        List.of("SET", "other", "v"),
        List.of("CONFIG", "SET", "maxmemory-policy", "allkeys-ttl"));
    try (ServerProcess panamax = ServerProcess.panamax("--shards", "2");
        ServerProcess redis = ServerProcess.redis();
        RawResp p = new RawResp(panamax.port);
        RawResp r = new RawResp(redis.port)) {
      for (List<String> c : commands) {
        String[] args = c.toArray(new String[0]);
        String mine = p.call(args);
        String theirs = r.call(args);
        if (c.equals(List.of("OBJECT", "IDLETIME", "k")) && (mine.startsWith(":") || theirs.startsWith(":"))) {
          // Whole seconds since the SET a moment ago: 0, or 1 when a second boundary fell in between, on either
          // server independently (both clocks have 1 s resolution), so only the reply's shape is compared. (Under
          // an LFU policy both answer the same error, compared byte for byte below.)
          assertThat(mine).as("%s", c).matches(":[01]\r\n");
          assertThat(theirs).as("%s (redis)", c).matches(":[01]\r\n");
        } else {
          assertThat(mine).as("%s", c).isEqualTo(theirs);
        }
      }
    }
  }

  private static long field(String info, String name) {
    Matcher m = Pattern.compile("(?m)^(?:db0:keys=\\d+,)?" + name + "[:=](\\d+)").matcher(info);
    assertThat(m.find()).as("%s in INFO", name).isTrue();
    return Long.parseLong(m.group(1));
  }
}
