package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hashes, sets, lists and sorted sets give their off-heap member bytes back: INFO used_memory rises while a large collection exists and
 * returns to where it was after DEL, expiry, an overwriting SET and FLUSHALL. Also SCAN TYPE over the new types.
 */
class CollectionMemoryIT {
    private static final int MEMBERS = 20_000;
    private static final long SLACK_BYTES = 64 * 1024;

    private static ServerProcess panamax;

    @BeforeAll
    static void start() throws Exception {
        panamax = ServerProcess.panamax("--shards", "2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (panamax != null) {
            panamax.close();
        }
    }

    @Test
    void deletingExpiringOrOverwritingCollectionsReturnsTheirMemory() throws Exception {
        try (RawResp resp = new RawResp(panamax.port)) {
            resp.call("FLUSHALL");
            long baseline = usedMemory(resp);

            fill(resp, "HSET", "h");
            fill(resp, "SADD", "s");
            fill(resp, "RPUSH", "l");
            fill(resp, "ZADD", "z");
            long full = usedMemory(resp);
            assertThat(full - baseline).as("members are counted").isGreaterThan(4L * MEMBERS * 12);
            assertThat(resp.call("HLEN", "h")).isEqualTo(":" + MEMBERS + "\r\n");
            assertThat(resp.call("DEL", "h", "s", "l", "z")).isEqualTo(":4\r\n");
            assertThat(settledMemory(resp)).isLessThanOrEqualTo(baseline + SLACK_BYTES);

            fill(resp, "RPUSH", "l");
            for (int i = 0; i < MEMBERS / 1000; i++) {
                resp.call("LPOP", "l", "1000");
            }
            assertThat(resp.call("EXISTS", "l")).isEqualTo(":0\r\n");
            assertThat(settledMemory(resp)).isLessThanOrEqualTo(baseline + SLACK_BYTES);

            fill(resp, "HSET", "h");
            resp.call("PEXPIRE", "h", "50");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (usedMemory(resp) > baseline + SLACK_BYTES && System.nanoTime() < deadline) {
                Thread.sleep(50); // active expiry, no access to the key
            }
            assertThat(usedMemory(resp)).as("active expiry frees members").isLessThanOrEqualTo(baseline + SLACK_BYTES);

            fill(resp, "SADD", "s");
            resp.call("SET", "s", "now a string");
            resp.call("DEL", "s");
            assertThat(settledMemory(resp)).isLessThanOrEqualTo(baseline + SLACK_BYTES);

            fill(resp, "HSET", "h");
            fill(resp, "SADD", "s");
            resp.call("FLUSHALL");
            assertThat(settledMemory(resp)).isLessThanOrEqualTo(baseline + SLACK_BYTES);
        }
    }

    @Test
    void scanFiltersByTheNewTypes() throws Exception {
        try (RawResp resp = new RawResp(panamax.port)) {
            resp.call("FLUSHALL");
            resp.call("HSET", "h1", "f", "v");
            resp.call("SADD", "s1", "m");
            resp.call("SET", "str", "v");
            resp.call("RPUSH", "l1", "e");
            assertThat(scanAll(resp, "hash")).isEqualTo("h1");
            assertThat(scanAll(resp, "list")).isEqualTo("l1");
            resp.call("ZADD", "z1", "1", "m");
            assertThat(scanAll(resp, "zset")).isEqualTo("z1");
            assertThat(scanAll(resp, "set")).isEqualTo("s1");
            assertThat(resp.call("TYPE", "h1")).isEqualTo("+hash\r\n");
            assertThat(resp.call("TYPE", "s1")).isEqualTo("+set\r\n");
        }
    }

    @Test
    void hscanAndSscanOfLargeCollectionsVisitEveryMember() throws Exception {
        try (RawResp resp = new RawResp(panamax.port)) {
            resp.call("FLUSHALL");
            fill(resp, "HSET", "h");
            fill(resp, "SADD", "s");
            for (String[] scan : new String[][] {{"HSCAN", "h"}, {"SSCAN", "s"}}) {
                java.util.Set<String> seen = new java.util.HashSet<>();
                String cursor = "0";
                int calls = 0;
                do {
                    String[] lines = resp.call(scan[0], scan[1], cursor, "COUNT", "50").split("\r\n");
                    cursor = lines[2];
                    int step = scan[0].equals("HSCAN") ? 4 : 2;
                    for (int i = 5; i < lines.length; i += step) {
                        seen.add(lines[i]);
                    }
                    calls++;
                } while (!cursor.equals("0"));
                assertThat(seen).as(scan[0]).hasSize(MEMBERS);
                assertThat(calls).as("%s is incremental", scan[0]).isGreaterThan(1);
            }
        }
    }

    private static String scanAll(RawResp resp, String type) throws IOException {
        StringBuilder found = new StringBuilder();
        String cursor = "0";
        do {
            String[] lines = resp.call("SCAN", cursor, "COUNT", "100", "TYPE", type).split("\r\n");
            cursor = lines[2];
            for (int i = 5; i < lines.length; i += 2) {
                found.append(lines[i]);
            }
        } while (!cursor.equals("0"));
        return found.toString();
    }

    private static void fill(RawResp resp, String command, String key) throws IOException {
        ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
        for (int i = 0; i < MEMBERS; i++) {
            if (command.equals("HSET")) {
                pipeline.writeBytes(RawResp.command("HSET", key, "field:" + i, "value:" + i));
            } else if (command.equals("ZADD")) {
                pipeline.writeBytes(RawResp.command("ZADD", key, Integer.toString(i % 97), "member:" + i));
            } else if (command.equals("RPUSH")) {
                pipeline.writeBytes(RawResp.command("RPUSH", key, "element:" + i));
            } else {
                pipeline.writeBytes(RawResp.command("SADD", key, "member:" + i));
            }
        }
        resp.send(pipeline.toByteArray());
        for (int i = 0; i < MEMBERS; i++) {
            assertThat(resp.readReply()).isEqualTo(command.equals("RPUSH") ? ":" + (i + 1) + "\r\n" : ":1\r\n");
        }
    }

    /** used_memory once the lazy free has no pending object left (members of big collections are freed in steps). */
    static long settledMemory(RawResp resp) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (lazyfreePending(resp) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(lazyfreePending(resp)).as("lazy free finished").isZero();
        return usedMemory(resp);
    }

    static long lazyfreePending(RawResp resp) throws IOException {
        Matcher m = Pattern.compile("(?m)^lazyfree_pending_objects:(\\d+)").matcher(resp.call("INFO", "memory"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    static long usedMemory(RawResp resp) throws IOException {
        Matcher m = Pattern.compile("(?m)^used_memory:(\\d+)").matcher(resp.call("INFO", "memory"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
