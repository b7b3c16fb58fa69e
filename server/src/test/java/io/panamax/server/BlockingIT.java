package io.panamax.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.transport.HashSlot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, BZPOPMAX against a real Panamax process with two shards, raw RESP:
 * a client blocked on its home loop is woken by a push whose key lives on the other shard, waiters are served first
 * blocked first, a waiter on keys of both shards takes exactly one element, and disconnects and timeouts lose nothing.
 */
class BlockingIT {
    private static ServerProcess server;
    private final List<RawResp> open = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.panamax("--shards", "2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (RawResp c : open) {
            c.close();
        }
        open.clear();
        try (RawResp admin = new RawResp(server.port)) {
            admin.call("FLUSHALL");
            awaitBlocked(admin, 0);
        }
    }

    /** Shard of {@code key} in a 2-shard server (ShardGroup: slot * shards / 16384). */
    static int shardOf(String key) {
        return HashSlot.of(key.getBytes(UTF_8)) * 2 / HashSlot.SLOT_COUNT;
    }

    /** A key named {@code prefix} plus a number that lives on {@code shard}. */
    static String keyOn(int shard, String prefix) {
        for (int i = 0; ; i++) {
            if (shardOf(prefix + i) == shard) {
                return prefix + i;
            }
        }
    }

    private RawResp client() throws IOException {
        RawResp c = new RawResp(server.port);
        open.add(c);
        return c;
    }

    /** A connection whose own event loop is {@code shard}'s (CLIENT INFO reports it). */
    private RawResp clientOn(int shard) throws IOException {
        for (int i = 0; i < 32; i++) {
            RawResp c = client();
            if (c.call("CLIENT", "INFO").contains(" shard=" + shard)) {
                return c;
            }
        }
        throw new IllegalStateException("no connection landed on shard " + shard);
    }

    /** Waits (untimed) until INFO reports {@code n} blocked clients. */
    private static void awaitBlocked(RawResp admin, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String info;
        while (!(info = admin.call("INFO", "clients")).contains("blocked_clients:" + n + "\r\n")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("blocked_clients never reached " + n + " in 30 s: " + info);
            }
            Thread.sleep(5);
        }
    }

    private static String bulk(String s) {
        return "$" + s.getBytes(UTF_8).length + "\r\n" + s + "\r\n";
    }

    private static String pair(String key, String element) {
        return "*2\r\n" + bulk(key) + bulk(element);
    }

    @Test
    void blpopOnOneShardIsServedByAPushFromAConnectionOfTheOtherShard() throws Exception {
        for (int home = 0; home < 2; home++) {
            String key = keyOn(1 - home, "list");
            RawResp blocked = clientOn(home);
            RawResp pusher = clientOn(1 - home);
            blocked.send(RawResp.command("BLPOP", key, "0"));
            awaitBlocked(pusher, 1);
            assertThat(pusher.call("RPUSH", key, "v" + home)).isEqualTo(":1\r\n");
            assertThat(blocked.readReply()).isEqualTo(pair(key, "v" + home));
            assertThat(pusher.call("EXISTS", key)).isEqualTo(":0\r\n");
        }
    }

    @Test
    void waitersOfAKeyAreServedFirstBlockedFirst() throws Exception {
        String key = keyOn(1, "fifo");
        RawResp admin = clientOn(0);
        List<RawResp> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RawResp c = clientOn(i % 2);
            c.send(RawResp.command(i % 2 == 0 ? "BLPOP" : "BRPOP", "other" + i, key, "0"));
            awaitBlocked(admin, i + 1);
            waiters.add(c);
        }
        admin.call("RPUSH", key, "a", "b", "c");
        // BLPOP takes the head, BRPOP the tail; in blocking order
        assertThat(waiters.get(0).readReply()).isEqualTo(pair(key, "a"));
        assertThat(waiters.get(1).readReply()).isEqualTo(pair(key, "c"));
        assertThat(waiters.get(2).readReply()).isEqualTo(pair(key, "b"));
        awaitBlocked(admin, 1);
        admin.call("LPUSH", key, "d");
        assertThat(waiters.get(3).readReply()).isEqualTo(pair(key, "d"));
    }

    @Test
    void timeoutRepliesNullAfterAtLeastTheTimeout() throws Exception {
        RawResp c = clientOn(0);
        long start = System.nanoTime();
        assertThat(c.call("BLPOP", keyOn(0, "none"), keyOn(1, "none"), "0.2")).isEqualTo("*-1\r\n");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(200_000_000L);
        start = System.nanoTime();
        assertThat(c.call("BLMOVE", keyOn(1, "none"), "dst", "LEFT", "RIGHT", "0.1")).isEqualTo("*-1\r\n"); // Redis 7.0
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(100_000_000L);
        c.call("HELLO", "3");
        assertThat(c.call("BZPOPMIN", keyOn(1, "none"), "0.05")).isEqualTo("_\r\n");
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void repliesAheadOfABlockedCommandArriveWhileItWaits() throws Exception {
        // A pipeline of a local SET, a SET for the other shard (its reply comes back in a shard batch) and a BLPOP that
        // blocks on the other shard: both +OK must reach the client while the BLPOP still waits.
        String key = keyOn(1, "held");
        RawResp c = clientOn(0);
        RawResp admin = clientOn(1);
        byte[][] parts = {
            RawResp.command("SET", keyOn(0, "local"), "x"),
            RawResp.command("SET", keyOn(1, "remote"), "y"),
            RawResp.command("BLPOP", key, "0")};
        java.io.ByteArrayOutputStream pipeline = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            pipeline.write(part);
        }
        c.send(pipeline.toByteArray());
        assertThat(c.readReply()).isEqualTo("+OK\r\n");
        assertThat(c.readReply()).isEqualTo("+OK\r\n");
        awaitBlocked(admin, 1);
        admin.call("RPUSH", key, "v");
        assertThat(c.readReply()).isEqualTo(pair(key, "v"));
    }

    @Test
    void pipelinedCommandsWaitBehindTheBlockedOne() throws Exception {
        String key = keyOn(1, "pipe");
        RawResp c = clientOn(0);
        RawResp admin = clientOn(1);
        byte[] one = RawResp.command("BLPOP", key, "0");
        byte[] two = RawResp.command("SET", keyOn(0, "after"), "x");
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        c.send(both);
        awaitBlocked(admin, 1);
        assertThat(admin.call("EXISTS", keyOn(0, "after"))).isEqualTo(":0\r\n");
        admin.call("RPUSH", key, "v");
        assertThat(c.readReply()).isEqualTo(pair(key, "v"));
        assertThat(c.readReply()).isEqualTo("+OK\r\n");
    }

    @Test
    void aWaiterOnKeysOfBothShardsTakesExactlyOneElementWhenBothArePushedAtOnce() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("BlockingIT twoShards seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        String k0 = keyOn(0, "two");
        String k1 = keyOn(1, "two");
        RawResp admin = clientOn(0);
        RawResp p0 = clientOn(0);
        RawResp p1 = clientOn(1);
        for (int round = 0; round < 40; round++) {
            RawResp blocked = clientOn(rnd.nextInt(2));
            blocked.send(RawResp.command("BLPOP", k0, k1, "0"));
            awaitBlocked(admin, 1);
            p0.send(RawResp.command("RPUSH", k0, "a" + round));
            p1.send(RawResp.command("RPUSH", k1, "b" + round));
            p0.readReply();
            p1.readReply();
            String got = blocked.readReply();
            assertThat(got).as("seed=%d", seed).isIn(pair(k0, "a" + round), pair(k1, "b" + round));
            String len0 = admin.call("LLEN", k0);
            String len1 = admin.call("LLEN", k1);
            assertThat(List.of(len0, len1)).as("seed=%d round=%d: the other element stays", seed, round)
                    .containsExactlyInAnyOrder(":0\r\n", ":1\r\n");
            admin.call("DEL", k0, k1);
            blocked.close();
            open.remove(blocked);
        }
    }

    @Test
    void bzpopminAndBzpopmaxBlockAndServeLowestAndHighest() throws Exception {
        String z = keyOn(1, "zset");
        RawResp min = clientOn(0);
        RawResp max = clientOn(1);
        RawResp admin = clientOn(0);
        min.send(RawResp.command("BZPOPMIN", keyOn(0, "nz"), z, "0"));
        awaitBlocked(admin, 1);
        max.send(RawResp.command("BZPOPMAX", z, "0"));
        awaitBlocked(admin, 2);
        assertThat(admin.call("ZADD", z, "2", "b", "1.5", "a", "3", "c")).isEqualTo(":3\r\n");
        assertThat(min.readReply()).isEqualTo("*3\r\n" + bulk(z) + bulk("a") + bulk("1.5"));
        assertThat(max.readReply()).isEqualTo("*3\r\n" + bulk(z) + bulk("c") + bulk("3"));
        assertThat(admin.call("ZRANGE", z, "0", "-1")).isEqualTo("*1\r\n" + bulk("b"));
        // a list pushed on the key a zset waiter waits on does not serve it (Redis 7.0)
        String l = keyOn(0, "mixed");
        min.send(RawResp.command("BZPOPMIN", l, "0"));
        awaitBlocked(admin, 1);
        admin.call("RPUSH", l, "x");
        admin.call("DEL", l);
        admin.call("ZADD", l, "7", "m");
        assertThat(min.readReply()).isEqualTo("*3\r\n" + bulk(l) + bulk("m") + bulk("7"));
    }

    @Test
    void blmoveAcrossShardsMovesTheElementPushedToTheSource() throws Exception {
        String src = keyOn(0, "src");
        String dst = keyOn(1, "dst");
        RawResp mover = clientOn(1);
        RawResp admin = clientOn(0);
        admin.call("RPUSH", dst, "old");
        mover.send(RawResp.command("BLMOVE", src, dst, "RIGHT", "LEFT", "0"));
        awaitBlocked(admin, 1);
        admin.call("RPUSH", src, "x", "y");
        assertThat(mover.readReply()).isEqualTo(bulk("y"));
        assertThat(admin.call("LRANGE", dst, "0", "-1")).isEqualTo("*2\r\n" + bulk("y") + bulk("old"));
        assertThat(admin.call("LRANGE", src, "0", "-1")).isEqualTo("*1\r\n" + bulk("x"));
        // immediate: BRPOPLPUSH serves at once from a non-empty source
        assertThat(mover.call("BRPOPLPUSH", src, dst, "0")).isEqualTo(bulk("x"));
        assertThat(admin.call("LLEN", dst)).isEqualTo(":3\r\n");
    }

    @Test
    void blmoveToADestinationOfAnotherTypeOnTheOtherShardRepliesWrongTypeAndKeepsTheElement() throws Exception {
        String src = keyOn(0, "src");
        String dst = keyOn(1, "dst");
        RawResp mover = clientOn(0);
        RawResp admin = clientOn(1);
        admin.call("SET", dst, "string");
        mover.send(RawResp.command("BLMOVE", src, dst, "LEFT", "LEFT", "0"));
        awaitBlocked(admin, 1);
        admin.call("RPUSH", src, "keep");
        assertThat(mover.readReply()).startsWith("-WRONGTYPE");
        assertThat(admin.call("LRANGE", src, "0", "-1")).isEqualTo("*1\r\n" + bulk("keep"));
        assertThat(admin.call("GET", dst)).isEqualTo(bulk("string"));
    }

    @Test
    void aClientThatDisconnectsWhileBlockedTakesNothing() throws Exception {
        String key = keyOn(1, "gone");
        RawResp admin = clientOn(1);
        RawResp leaving = clientOn(0);
        RawResp staying = clientOn(0);
        leaving.send(RawResp.command("BLPOP", key, "0"));
        awaitBlocked(admin, 1);
        staying.send(RawResp.command("BRPOP", keyOn(0, "elsewhere"), key, "0"));
        awaitBlocked(admin, 2);
        leaving.close();
        awaitBlocked(admin, 1);
        admin.call("RPUSH", key, "a", "b");
        assertThat(staying.readReply()).isEqualTo(pair(key, "b"));
        assertThat(admin.call("LRANGE", key, "0", "-1")).isEqualTo("*1\r\n" + bulk("a"));
    }

    @Test
    void clientUnblockRepliesTimeoutOrError() throws Exception {
        RawResp blocked = clientOn(0);
        RawResp admin = clientOn(1);
        String id = blocked.call("CLIENT", "ID").replaceAll("[:\r\n]", "");
        blocked.send(RawResp.command("BLPOP", keyOn(1, "u"), "0"));
        awaitBlocked(admin, 1);
        assertThat(admin.call("CLIENT", "UNBLOCK", id)).isEqualTo(":1\r\n");
        assertThat(blocked.readReply()).isEqualTo("*-1\r\n");
        assertThat(admin.call("CLIENT", "UNBLOCK", id)).isEqualTo(":0\r\n");
        blocked.send(RawResp.command("BLMOVE", keyOn(0, "u"), "d", "LEFT", "LEFT", "0"));
        awaitBlocked(admin, 1);
        assertThat(admin.call("CLIENT", "UNBLOCK", id, "ERROR")).isEqualTo(":1\r\n");
        assertThat(blocked.readReply()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
        assertThat(blocked.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void manyClientsPushingAndPoppingLoseAndDuplicateNothing() throws Exception {
        String[] keys = {keyOn(0, "many"), keyOn(1, "many")};
        RawResp admin = clientOn(0);
        int waiters = 8;
        List<RawResp> blocked = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            RawResp c = clientOn(i % 2);
            c.send(RawResp.command("BLPOP", keys[0], keys[1], "0"));
            blocked.add(c);
        }
        awaitBlocked(admin, waiters);
        RawResp p0 = clientOn(0);
        RawResp p1 = clientOn(1);
        for (int i = 0; i < waiters; i++) {
            p0.send(RawResp.command("RPUSH", keys[0], "a" + i));
            p1.send(RawResp.command("RPUSH", keys[1], "b" + i));
        }
        java.util.Set<String> got = new java.util.HashSet<>();
        for (RawResp c : blocked) {
            got.add(c.readReply());
        }
        for (int i = 0; i < waiters; i++) {
            p0.readReply();
            p1.readReply();
        }
        assertThat(got).hasSize(waiters);
        long left = Long.parseLong(admin.call("LLEN", keys[0]).replaceAll("[:\r\n]", ""))
                + Long.parseLong(admin.call("LLEN", keys[1]).replaceAll("[:\r\n]", ""));
        assertThat(left).isEqualTo(waiters);
    }

    @Test
    void shutdownClosesBlockedClients() throws Exception {
        try (ServerProcess own = ServerProcess.panamax("--shards", "2");
                RawResp blocked = new RawResp(own.port);
                RawResp admin = new RawResp(own.port)) {
            blocked.send(RawResp.command("BLPOP", keyOn(0, "x"), keyOn(1, "x"), "0"));
            awaitBlocked(admin, 1);
            admin.send(RawResp.command("SHUTDOWN", "NOSAVE"));
            assertThat(blocked.closedByServer()).isTrue();
            assertThat(own.terminate(15_000)).isTrue();
        }
    }
}
