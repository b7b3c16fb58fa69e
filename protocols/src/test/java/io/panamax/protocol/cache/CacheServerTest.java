package io.panamax.protocol.cache;

import static io.panamax.protocol.cache.CacheClient.INVALID;
import static io.panamax.protocol.cache.CacheClient.NOT_FOUND;
import static io.panamax.protocol.cache.CacheClient.SET_OK;
import static io.panamax.protocol.cache.CacheClient.hit;
import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.protocol.resp.Shard;
import io.panamax.transport.ShardGroup;
import io.panamax.transport.TransportKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache protocol over real sockets, on a 3-shard group, so requests run both locally and on remote shards. */
class CacheServerTest {
  private ShardGroup<Shard> shards;
  private int port;

  private void start(long maxmemoryPerShard) throws InterruptedException {
    shards = new ShardGroup<>(TransportKind.select("nio"), 3, (i, loop) -> new Shard(i, loop, maxmemoryPerShard));
    CacheServer server = new CacheServer(shards, 4096);
    port = server.start("127.0.0.1", 0).getPort();
  }

  @AfterEach
  void stop() {
    if (shards != null) {
      shards.shutdown(Shard::close, 5_000);
    }
  }

  @Test
  void answersEveryRequestShapeByteForByte() throws Exception {
    start(0);
    try (CacheClient c = new CacheClient(port)) {
      assertThat(c.call("{\"key\": \"name\", \"value\": \"Panamax\"}")).isEqualTo(SET_OK);
      assertThat(c.call("{\"key\": \"name\"}")).isEqualTo(hit("name", "Panamax"));
      assertThat(c.call("{\"key\": \"absent\"}")).isEqualTo(NOT_FOUND);
      assertThat(c.call("{\"key\": \"name\", \"op\": \"ttl\"}")).isEqualTo(hit("name", "-1"));
      assertThat(c.call("{\"key\": \"name\", \"op\": \"del\"}"))
          .isEqualTo("{\"status\":\"OK\",\"message\":\"Key deleted.\",\"key\":null,\"value\":null}");
      assertThat(c.call("{\"key\": \"name\", \"op\": \"del\"}")).isEqualTo(NOT_FOUND);
      assertThat(c.call("{\"op\": \"ping\"}"))
          .isEqualTo("{\"status\":\"OK\",\"message\":\"PONG\",\"key\":null,\"value\":null}");
      assertThat(c.call("{\"key\": \"t\", \"value\": \"v\", \"ttl_ms\": 60000}")).isEqualTo(SET_OK);
      String ttl = c.call("{\"key\": \"t\", \"op\": \"ttl\"}");
      assertThat(ttl).startsWith("{\"status\":\"OK\",\"message\":\"\",\"key\":\"t\",\"value\":\"");
      assertThat(Long.parseLong(ttl.replaceAll("\\D", ""))).isBetween(50_000L, 60_000L);
      assertThat(c.call("{\"key\": \"q\\\"\\u00e9\", \"value\": \"line\\nnext \u20ac\"}")).isEqualTo(SET_OK);
      assertThat(c.call("{\"key\": \"q\\\"\u00e9\"}")).isEqualTo(hit("q\\\"\u00e9", "line\\nnext \u20ac"));
    }
  }

  @Test
  void badJsonGetsTheErrorAndTheConnectionStaysUsable() throws Exception {
    start(0);
    try (CacheClient c = new CacheClient(port)) {
      assertThat(c.call("not json at all")).isEqualTo(INVALID);
      assertThat(c.call("{\"key\": 5}")).isEqualTo(INVALID);
      assertThat(c.call("{\"key\": \"k\", \"op\": \"explode\"}")).isEqualTo(INVALID);
      assertThat(c.call("{\"key\" \"k\"}")).isEqualTo(INVALID);
      assertThat(c.call("{\"key\": \"k\", \"value\": \"v\"}")).isEqualTo(SET_OK);
      assertThat(c.call("{\"key\": \"k\"}")).isEqualTo(hit("k", "v"));
    }
  }

  @Test
  void anOversizedObjectGetsTheErrorThenTheConnectionCloses() throws Exception {
    start(0);
    try (CacheClient c = new CacheClient(port)) {
      c.send("{\"key\": \"k\", \"value\": \"" + "x".repeat(5000) + "\"}\n");
      assertThat(c.read()).isEqualTo(INVALID);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void answersAPipelineOfManyRequestsAcrossShardsInOrder() throws Exception {
    start(0);
    try (CacheClient c = new CacheClient(port)) {
      StringBuilder sets = new StringBuilder();
      StringBuilder mixed = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        sets.append("{\"key\":\"key:").append(i).append("\",\"value\":\"value-").append(i).append("\"}\n");
        mixed.append("{\"key\":\"key:").append(i).append("\"}").append(i % 10 == 0 ? "garbage\n" : " ");
      }
      c.send(sets.toString());
      for (int i = 0; i < 100; i++) {
        assertThat(c.read()).isEqualTo(SET_OK);
      }
      c.send(mixed.toString());
      for (int i = 0; i < 100; i++) {
        assertThat(c.read()).as("reply %d", i).isEqualTo(hit("key:" + i, "value-" + i));
        if (i % 10 == 0) {
          assertThat(c.read()).isEqualTo(INVALID);
        }
      }
    }
  }

  @Test
  void aRequestSentOneByteAtATimeIsAnsweredOnce() throws Exception {
    start(0);
    try (CacheClient c = new CacheClient(port)) {
      String request = "{\"key\": \"slow\", \"value\": \"a{b}c\\\"\"}\n{\"key\": \"slow\"}";
      for (int i = 0; i < request.length(); i++) {
        c.send(request.substring(i, i + 1));
        Thread.sleep(2);
      }
      assertThat(c.read()).isEqualTo(SET_OK);
      assertThat(c.read()).isEqualTo(hit("slow", "a{b}c\\\""));
    }
  }

  @Test
  void evictsTheLeastRecentlyUsedKeysAtMaxmemory() throws Exception {
    start(512 * 1024);
    try (CacheClient c = new CacheClient(port)) {
      String value = "v".repeat(200);
      for (int i = 0; i < 20_000; i++) {
        assertThat(c.call("{\"key\":\"key:" + i + "\",\"value\":\"" + value + "\"}")).isEqualTo(SET_OK);
        if (i % 100 == 0) {
          assertThat(c.call("{\"key\":\"hot\",\"value\":\"h\"}")).isEqualTo(SET_OK);
        }
      }
      assertThat(c.call("{\"key\":\"key:0\"}")).isEqualTo(NOT_FOUND);
      assertThat(c.call("{\"key\":\"key:19999\"}")).isEqualTo(hit("key:19999", value));
      assertThat(c.call("{\"key\":\"hot\"}")).isEqualTo(hit("hot", "h"));
    }
  }
}
