package io.panamax.server;

import static io.panamax.server.CacheClient.NOT_FOUND;
import static io.panamax.server.CacheClient.SET_OK;
import static io.panamax.server.CacheClient.hit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The cache protocol of a real server process over a plain socket, sharing its keyspace with RESP. */
class CacheProtocolIT {
  private static final long MAXMEMORY = 8L << 20;
  /** Fixed RSS overhead allowed on top of maxmemory: JIT code, Netty buffers and heap growth after start. */
  private static final long RSS_OVERHEAD_BYTES = 96L << 20;

  @Test
  void servesTheSpecAndSharesTheKeyspaceWithResp() throws Exception {
    try (ServerProcess server = ServerProcess.panamax("--shards", "2");
        CacheClient cache = new CacheClient(server.cachePort);
        RawResp resp = new RawResp(server.port)) {
      assertThat(cache.call("{\"key\": \"greeting\", \"value\": \"hello\"}")).isEqualTo(SET_OK);
      assertThat(cache.call("{\"key\": \"greeting\"}")).isEqualTo(hit("greeting", "hello"));
      assertThat(cache.call("{\"key\": \"missing\"}")).isEqualTo(NOT_FOUND);
      assertThat(cache.call("{\"op\": \"ping\"}")).contains("\"message\":\"PONG\"");
      assertThat(resp.call("GET", "greeting")).isEqualTo("$5\r\nhello\r\n");
      assertThat(resp.call("TTL", "greeting")).isEqualTo(":-1\r\n");
      assertThat(resp.call("SET", "from-resp", "world")).isEqualTo("+OK\r\n");
      assertThat(cache.call("{\"key\": \"from-resp\"}")).isEqualTo(hit("from-resp", "world"));
      assertThat(cache.call("{\"key\": \"short\", \"value\": \"v\", \"ttl_ms\": 100000}")).isEqualTo(SET_OK);
      assertThat(Long.parseLong(resp.call("PTTL", "short").trim().substring(1))).isBetween(90_000L, 100_000L);
      resp.call("PEXPIRE", "from-resp", "50000");
      String ttl = cache.call("{\"key\": \"from-resp\", \"op\": \"ttl\"}");
      assertThat(Long.parseLong(ttl.replaceAll(".*\"value\":\"(\\d+)\".*", "$1"))).isBetween(40_000L, 50_000L);
      assertThat(resp.call("DEL", "greeting")).isEqualTo(":1\r\n");
      assertThat(cache.call("{\"key\": \"greeting\"}")).isEqualTo(NOT_FOUND);
      assertThat(cache.call("{\"key\": \"short\", \"op\": \"del\"}")).contains("Key deleted.");
      assertThat(resp.call("EXISTS", "short")).isEqualTo(":0\r\n");
      assertThat(info(resp, "server")).isNotEmpty();
      assertThat(server.logText()).contains("cache protocol listening on 127.0.0.1:" + server.cachePort);
    }
  }

  @Test
  void staysWithinMaxmemoryWhileWritingThreeTimesItEvictingTheLeastRecentlyUsed() throws Exception {
    try (ServerProcess server = ServerProcess.panamax("--shards", "2", "--maxmemory", "8mb");
        CacheClient cache = new CacheClient(server.cachePort);
        RawResp resp = new RawResp(server.port)) {
      long rssAtStart = field(info(resp, "memory"), "used_memory_rss");
      String value = "v".repeat(1000);
      int keys = 0;
      // 1. Fill to 70% of maxmemory: nothing evicted, every key readable.
      while (field(info(resp, "memory"), "used_memory") < MAXMEMORY * 7 / 10) {
        keys = setBatch(cache, keys, 100, value);
      }
      assertThat(field(info(resp, "stats"), "evicted_keys")).isZero();
      for (int i = 0; i < keys; i++) {
        assertThat(cache.call(get(i))).as("key:%d", i).isEqualTo(hit("key:" + i, value));
      }
      // 2. Keep writing to 3x maxmemory, reading the first 50 keys now and then so they stay recent.
      int written = keys * 1000;
      while ((long) written < 3 * MAXMEMORY) {
        keys = setBatch(cache, keys, 100, value);
        written += 100 * 1000;
        StringBuilder hot = new StringBuilder();
        for (int i = 0; i < 50; i++) {
          hot.append(get(i)).append('\n');
        }
        cache.send(hot.toString());
        for (int i = 0; i < 50; i++) {
          assertThat(cache.read()).as("hot key:%d", i).isEqualTo(hit("key:" + i, value));
        }
        assertThat(field(info(resp, "memory"), "used_memory")).isLessThanOrEqualTo(MAXMEMORY);
      }
      String memory = info(resp, "memory");
      long used = field(memory, "used_memory");
      long rss = field(memory, "used_memory_rss");
      long evicted = field(info(resp, "stats"), "evicted_keys");
      System.out.printf("cache fill to 3x maxmemory: %d keys written, used_memory %d <= %d, evicted %d,"
          + " rss %d -> %d%n", keys, used, MAXMEMORY, evicted, rssAtStart, rss);
      assertThat(used).isLessThanOrEqualTo(MAXMEMORY);
      assertThat(memory).contains("maxmemory:" + MAXMEMORY).contains("maxmemory_policy:noeviction");
      assertThat(evicted).isGreaterThan(keys / 2);
      assertThat(rss).isLessThanOrEqualTo(rssAtStart + MAXMEMORY + RSS_OVERHEAD_BYTES);
      assertThat(cache.call(get(50))).as("an old key that was never read again").isEqualTo(NOT_FOUND);
      assertThat(cache.call(get(keys - 1))).isEqualTo(hit("key:" + (keys - 1), value));
      assertThat(cache.call(get(0))).isEqualTo(hit("key:0", value));
    }
  }

  @Test
  void respFollowsTheMaxmemoryPolicy() throws Exception {
    try (ServerProcess server = ServerProcess.panamax("--shards", "2", "--maxmemory", "4mb");
        RawResp resp = new RawResp(server.port)) {
      String value = "r".repeat(1000);
      String reply = "";
      int i = 0;
      while (i < 20_000 && (reply = resp.call("SET", "resp:" + i, value)).equals("+OK\r\n")) {
        i++;
      }
      assertThat(reply).startsWith("-OOM");
      assertThat(resp.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru")).isEqualTo("+OK\r\n");
      for (int k = 0; k < 12_000; k++) {
        assertThat(resp.call("SET", "lru:" + k, value)).isEqualTo("+OK\r\n");
      }
      assertThat(field(info(resp, "stats"), "evicted_keys")).isPositive();
      assertThat(field(info(resp, "memory"), "used_memory")).isLessThanOrEqualTo(4L << 20);
      assertThat(info(resp, "memory")).contains("maxmemory_policy:allkeys-lru");
      assertThat(resp.call("EXISTS", "resp:0")).isEqualTo(":0\r\n");
      assertThat(resp.call("EXISTS", "lru:11999")).isEqualTo(":1\r\n");
    }
  }

  private static String get(int i) {
    return "{\"key\":\"key:" + i + "\"}";
  }

  /** Pipelines {@code count} SETs from key number {@code from}, checks every reply, returns the next key number. */
  private static int setBatch(CacheClient cache, int from, int count, String value) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      b.append("{\"key\":\"key:").append(i).append("\",\"value\":\"").append(value).append("\"}\n");
    }
    cache.send(b.toString());
    for (int i = from; i < from + count; i++) {
      assertThat(cache.read()).as("SET key:%d", i).isEqualTo(SET_OK);
    }
    return from + count;
  }

  private static String info(RawResp resp, String section) throws IOException {
    return resp.call("INFO", section);
  }

  private static long field(String info, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + ":(\\d+)").matcher(info);
    assertThat(m.find()).as("%s in INFO", name).isTrue();
    return Long.parseLong(m.group(1));
  }
}
