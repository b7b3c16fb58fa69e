package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/** A real client library (Jedis) against a real Panamax process with two shards. */
class JedisIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.panamax("--shards", "2");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Jedis jedis() {
        return new Jedis(new HostAndPort("127.0.0.1", server.port), DefaultJedisClientConfig.builder().timeoutMillis(10_000).build());
    }

    @Test
    void storesAndReadsStringsAcrossShards() {
        try (Jedis j = jedis()) {
            for (int i = 0; i < 200; i++) {
                j.set("key:" + i, "value:" + i);
            }
            for (int i = 0; i < 200; i++) {
                assertThat(j.get("key:" + i)).isEqualTo("value:" + i);
            }
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                keys.add("key:" + i);
            }
            List<String> values = j.mget(keys.toArray(new String[0]));
            assertThat(values).hasSize(200).element(123).isEqualTo("value:123");
            assertThat(j.exists(keys.toArray(new String[0]))).isEqualTo(200);
            assertThat(j.del(keys.subList(0, 100).toArray(new String[0]))).isEqualTo(100);
            assertThat(j.get("key:5")).isNull();
            assertThat(j.get("key:150")).isEqualTo("value:150");
        }
    }

    @Test
    void pipelineRepliesComeBackInRequestOrder() {
        try (Jedis j = jedis()) {
            Pipeline p = j.pipelined();
            List<Response<String>> sets = new ArrayList<>();
            List<Response<Long>> incrs = new ArrayList<>();
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                sets.add(p.set("p:" + i, Integer.toString(i)));
                incrs.add(p.incr("p:" + i));
                gets.add(p.get("p:" + i));
            }
            p.sync();
            for (int i = 0; i < 2000; i++) {
                assertThat(sets.get(i).get()).isEqualTo("OK");
                assertThat(incrs.get(i).get()).isEqualTo(i + 1L);
                assertThat(gets.get(i).get()).isEqualTo(Integer.toString(i + 1));
            }
        }
    }

    @Test
    void binaryValuesRoundTripExactly() {
        Random rnd = new Random(42);
        try (Jedis j = jedis()) {
            for (int size : new int[] {0, 1, 100, 4096, 100_000, 3_000_000}) {
                byte[] key = ("bin:" + size).getBytes(StandardCharsets.UTF_8);
                byte[] value = new byte[size];
                rnd.nextBytes(value);
                j.set(key, value);
                assertThat(j.get(key)).isEqualTo(value);
                assertThat(j.strlen(key)).isEqualTo(size);
            }
        }
    }

    @Test
    void expiresKeys() throws Exception {
        try (Jedis j = jedis()) {
            j.set("ttl:a", "v", SetParams.setParams().px(150));
            assertThat(j.pttl("ttl:a")).isBetween(1L, 150L);
            Thread.sleep(300);
            assertThat(j.get("ttl:a")).isNull();
            assertThat(j.ttl("ttl:a")).isEqualTo(-2);
        }
    }

    @Test
    void errorsKeepTheConnectionUsable() {
        try (Jedis j = jedis()) {
            j.set("s", "abc");
            assertThatThrownBy(() -> j.incr("s")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void speaksResp3AfterHello() {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", server.port),
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
            j.set("r3", "v");
            assertThat(j.get("r3")).isEqualTo("v");
            assertThat(j.get("r3:missing")).isNull();
            assertThat(j.configGet("save")).containsEntry("save", "");
        }
    }

    @Test
    void infoShowsTransportShardsAndMemory() {
        try (Jedis j = jedis()) {
            String info = j.info();
            assertThat(info).contains("# Panamax").containsPattern("transport:(io_uring|epoll|nio)").contains("shards:2").contains("used_memory:");
            String memory = j.info("memory");
            assertThat(memory).contains("used_memory:").doesNotContain("# Stats");
        }
    }

    @Test
    void manyConcurrentClientsSeeEachOthersWrites() throws Exception {
        int clients = 16;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < clients; c++) {
            int id = c;
            threads.add(Thread.ofPlatform().start(() -> {
                try (Jedis j = jedis()) {
                    for (int i = 0; i < 500; i++) {
                        j.incr("shared:counter");
                        j.set("own:" + id + ":" + i, "v");
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        try (Jedis j = jedis()) {
            assertThat(j.get("shared:counter")).isEqualTo(Integer.toString(clients * 500));
        }
    }
}
