package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.lsm.LsmConfig;
import io.panamax.engine.lsm.LsmIterator;
import io.panamax.engine.lsm.LsmStore;
import io.panamax.transport.HashSlot;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST keyspace partitioned over per-shard LSM stores, against real server processes: keys on every shard read
 * back after a restart, listing is one global order across the shard stores, the data dir follows a change of
 * {@code --shards} (re-partition) and a single-store data dir of the previous layout is migrated, losing nothing.
 */
class RestShardsIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern KEYS = Pattern.compile("\\{\"keys\":\\[(.*)],\"next\":(null|\"(.*)\")}");

    private static HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        b.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        return CLIENT.send(b.build(), BodyHandlers.ofString());
    }

    /** Keys with prefixes (listing), hash tags (one slot) and random names; values name their key. */
    private static TreeMap<String, String> model(long seed) {
        Random rnd = new Random(seed);
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < 120; i++) {
            m.put("user:" + rnd.nextInt(100_000), "u" + i);
            m.put("item:" + Integer.toString(rnd.nextInt(1 << 20), 36), "i" + i);
            m.put("{tag}" + i, "t" + i);
        }
        return m;
    }

    private static void putAll(int port, Map<String, String> m) throws Exception {
        for (Map.Entry<String, String> e : m.entrySet()) {
            assertThat(send(port, "PUT", "/keys/" + enc(e.getKey()), e.getValue()).statusCode()).isEqualTo(200);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Every key reads back, and listings (prefix, limit, start, pagination) match the model's order. */
    private static void verify(int port, TreeMap<String, String> m, String when) throws Exception {
        for (Map.Entry<String, String> e : m.entrySet()) {
            HttpResponse<String> r = send(port, "GET", "/keys/" + enc(e.getKey()), null);
            assertThat(r.statusCode()).as(when + ": GET " + e.getKey()).isEqualTo(200);
            assertThat(r.body()).as(when + ": GET " + e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(listAll(port, "", 7)).as(when + ": all keys, pages of 7").containsExactlyElementsOf(m.keySet());
        for (String prefix : List.of("user:", "item:", "{tag}1", "nothing")) {
            List<String> expected = m.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
            assertThat(listAll(port, prefix, 13)).as(when + ": prefix " + prefix).containsExactlyElementsOf(expected);
        }
        String start = "user:5";
        List<String> fromStart = m.tailMap(start, true).keySet().stream().filter(k -> k.startsWith("user:"))
                .limit(10).toList();
        assertThat(list(port, "user:", start, 10).keys).as(when + ": start").containsExactlyElementsOf(fromStart);
    }

    private record Page(List<String> keys, String next) {}

    private static Page list(int port, String prefix, String start, int limit) throws Exception {
        String q = "/keys?prefix=" + enc(prefix) + "&limit=" + limit + (start == null ? "" : "&start=" + enc(start));
        HttpResponse<String> r = send(port, "GET", q, null);
        assertThat(r.statusCode()).as("GET " + q).isEqualTo(200);
        Matcher mt = KEYS.matcher(r.body());
        assertThat(mt.matches()).as(r.body()).isTrue();
        List<String> keys = new ArrayList<>();
        if (!mt.group(1).isEmpty()) {
            for (String k : mt.group(1).split(",")) {
                keys.add(k.substring(1, k.length() - 1));
            }
        }
        return new Page(keys, mt.group(3));
    }

    private static List<String> listAll(int port, String prefix, int limit) throws Exception {
        List<String> all = new ArrayList<>();
        String start = null;
        do {
            Page p = list(port, prefix, start, limit);
            assertThat(p.keys.size()).isLessThanOrEqualTo(limit);
            all.addAll(p.keys);
            start = p.next;
        } while (start != null);
        return all;
    }

    private static int owner(String key, int shards) {
        return (int) ((long) HashSlot.of(key.getBytes(StandardCharsets.UTF_8)) * shards / HashSlot.SLOT_COUNT);
    }

    /** Opens each shard store of a stopped server's data dir: every key sits in its owner's store, once. */
    private static void assertPartitioned(Path dir, int shards, TreeMap<String, String> m) {
        int total = 0;
        for (int i = 0; i < shards; i++) {
            int keys = 0;
            try (LsmStore s = LsmStore.open(dir.resolve("shard-" + i), LsmConfig.defaults());
                    LsmIterator it = s.iterator()) {
                while (it.next()) {
                    String key = new String(it.keyBytes(), StandardCharsets.UTF_8);
                    assertThat(owner(key, shards)).as("store of key " + key).isEqualTo(i);
                    assertThat(m).containsKey(key);
                    keys++;
                }
            }
            assertThat(keys).as("keys in shard-" + i).isPositive();
            total += keys;
        }
        assertThat(total).isEqualTo(m.size());
        assertThat(Files.exists(dir.resolve("shard-" + shards))).as("no store beyond the layout").isFalse();
        assertThat(Files.exists(dir.resolve("MANIFEST"))).as("no single store in the data dir itself").isFalse();
    }

    @Test
    void keysOnEveryShardSurviveRestartsAndChangesOfTheShardCount(@TempDir Path dataDir) throws Exception {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("RestShardsIT seed: " + seed + " (rerun with -Dtests.seed=" + seed + ")");
        TreeMap<String, String> m = model(seed);
        String dir = dataDir.toString();
        try (ServerProcess s = ServerProcess.panamax("--shards", "2", "--data-dir", dir)) {
            putAll(s.httpPort, m);
            assertThat(send(s.httpPort, "DELETE", "/keys/" + enc(m.firstKey()), null).statusCode()).isEqualTo(200);
            m.remove(m.firstKey());
            verify(s.httpPort, m, "2 shards");
            assertThat(s.terminate(15_000)).isTrue();
        }
        assertThat(Files.readString(dataDir.resolve("LAYOUT"))).contains("shards 2").contains("state ready");
        assertPartitioned(dataDir, 2, m);
        try (ServerProcess s = ServerProcess.panamax("--shards", "2", "--data-dir", dir)) {
            verify(s.httpPort, m, "2 shards after restart");
            assertThat(s.terminate(15_000)).isTrue();
        }
        for (int shards : new int[] {3, 1, 4, 2}) {
            try (ServerProcess s = ServerProcess.panamax("--shards", Integer.toString(shards), "--data-dir", dir)) {
                verify(s.httpPort, m, shards + " shards after re-partition");
                String key = "added-with-" + shards;
                assertThat(send(s.httpPort, "PUT", "/keys/" + key, "x" + shards).statusCode()).isEqualTo(200);
                m.put(key, "x" + shards);
                assertThat(s.terminate(15_000)).isTrue();
            }
            assertThat(Files.readString(dataDir.resolve("LAYOUT"))).contains("shards " + shards);
            assertPartitioned(dataDir, shards, m);
        }
    }

    @Test
    void aSingleStoreDataDirOfThePreviousLayoutIsMigrated(@TempDir Path dataDir) throws Exception {
        TreeMap<String, String> m = new TreeMap<>();
        try (LsmStore legacy = LsmStore.open(dataDir, LsmConfig.defaults())) { // what the previous version wrote
            for (int i = 0; i < 200; i++) {
                String k = "legacy-" + i;
                legacy.put(k.getBytes(StandardCharsets.UTF_8), ("raw" + i).getBytes(StandardCharsets.UTF_8));
                m.put(k, "raw" + i);
            }
        }
        try (ServerProcess s = ServerProcess.panamax("--shards", "2", "--data-dir", dataDir.toString())) {
            verify(s.httpPort, m, "migrated");
            assertThat(s.terminate(15_000)).isTrue();
        }
        assertPartitioned(dataDir, 2, m);
    }
}
