package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.panamax.blobstore.Placement;
import io.panamax.blobstore.VolumePath;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The master's API table ({@code specs/blobstore.md}) against a real master and three real volume processes
 * (replicas 3, subvolumes 10, as Go's defaults), driven by {@link java.net.http.HttpClient} and curl.
 */
class BlobMasterIT {
    static BlobCluster cluster;
    static BlobProcess master;
    static Placement placement;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        cluster = new BlobCluster(3);
        // 24 MiB of direct memory for Netty's buffers: a 64 MiB body that was buffered instead of streamed with
        // backpressure would fail with OutOfDirectMemoryError
        master = cluster.master("main", List.of("-XX:MaxDirectMemorySize=24m"),
                "--volumes", cluster.volumeList(), "--replicas", "3", "--subvolumes", "10");
        placement = new Placement(Placement.parseVolumeList(cluster.volumeList()), 3, 10);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster == null) {
            return;
        }
        try {
            assertThat(master.terminate()).as("graceful stop on SIGTERM").isTrue();
            assertThat(master.logText()).contains("stopped").doesNotContain("LEAK").doesNotContain("OutOfDirectMemory");
        } finally {
            cluster.close();
        }
    }

    static String fresh() {
        return "/swag-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    static String url(String key) {
        return master.url() + key;
    }

    @Test
    void putThenGetRedirectsToAReplicaWithMd5VolumesAndBalance() throws Exception {
        String key = fresh();
        assertThat(BlobHttp.put(url(key), "onyou").statusCode()).isEqualTo(201);
        HttpResponse<String> r = BlobHttp.get(url(key));
        assertThat(r.statusCode()).isEqualTo(302);
        List<String> expected = placement.volumesFor(key.getBytes(StandardCharsets.UTF_8));
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(expected.stream().map(v -> "http://" + v + VolumePath.of(key.getBytes(StandardCharsets.UTF_8))))
                .contains(location);
        assertThat(r.headers().firstValue("Content-Md5")).hasValue(BlobHttp.md5Hex("onyou".getBytes()));
        assertThat(r.headers().firstValue("Key-Volumes")).hasValue(String.join(",", expected));
        assertThat(r.headers().firstValue("Key-Balance")).hasValue("balanced");
        assertThat(r.headers().firstValue("Content-Length")).hasValue("0");
        assertThat(BlobHttp.get(location).body()).isEqualTo("onyou");
        HttpResponse<String> head = BlobHttp.head(url(key));
        assertThat(head.statusCode()).isEqualTo(302);
        assertThat(head.headers().firstValue("Location")).isPresent();
        assertThat(BlobHttp.delete(url(key)).statusCode()).isEqualTo(204);
    }

    @Test
    void theValueLandsOnEveryReplicaAtItsGoPath() throws Exception {
        String key = fresh();
        assertThat(BlobHttp.put(url(key), "replicated").statusCode()).isEqualTo(201);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        for (String replica : placement.volumesFor(k)) {
            int volume = List.of(cluster.volumeList().split(",")).indexOf(replica.substring(0, replica.indexOf('/')));
            assertThat(volume).isGreaterThanOrEqualTo(0);
            Path file = cluster.volumeDir(volume).resolve(replica.substring(replica.indexOf('/') + 1)
                    + VolumePath.of(k));
            assertThat(Files.readString(file)).isEqualTo("replicated");
        }
    }

    @Test
    void aSecondPutOfALiveKeyIs403() throws Exception {
        String key = fresh();
        assertThat(BlobHttp.put(url(key), "onyou").statusCode()).isEqualTo(201);
        assertThat(BlobHttp.put(url(key), "other").statusCode()).isEqualTo(403);
        assertThat(BlobHttp.getFollowing(url(key)).body()).isEqualTo("onyou");
    }

    @Test
    void anEmptyPutIs411AndStoresNothing() throws Exception {
        String key = fresh();
        assertThat(BlobHttp.put(url(key), "").statusCode()).isEqualTo(411);
        assertThat(BlobHttp.get(url(key)).statusCode()).isEqualTo(404);
    }

    @Test
    void missingKeysAre404WithZeroContentLength() throws Exception {
        HttpResponse<String> get = BlobHttp.get(url(fresh()));
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.headers().firstValue("Content-Length")).hasValue("0");
        HttpResponse<String> head = BlobHttp.head(url(fresh()));
        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("0");
    }

    @Test
    void otherMethodsAre405AndOtherQueriesAre403() throws Exception {
        assertThat(BlobHttp.send("POST", url(fresh()), "x").statusCode()).isEqualTo(405);
        assertThat(BlobHttp.send("PATCH", url(fresh()), "x").statusCode()).isEqualTo(405);
        assertThat(BlobHttp.get(url(fresh()) + "?foo").statusCode()).isEqualTo(403);
        assertThat(BlobHttp.get(url(fresh()) + "?list=1").statusCode()).isEqualTo(403);
        assertThat(BlobHttp.put(url(fresh()) + "?list", "x").statusCode()).isEqualTo(403);
        assertThat(BlobHttp.get(url(fresh()) + "?list&limit=ten").statusCode()).isEqualTo(400);
    }

    @Test
    void aBadPercentEscapeIs400() throws Exception {
        try (Socket s = new Socket("127.0.0.1", master.port)) {
            s.getOutputStream().write("GET /bad%zz HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void aConcurrentWriterOfTheSameKeyGets409() throws Exception {
        String key = fresh();
        try (Socket first = new Socket("127.0.0.1", master.port)) {
            // the first PUT holds the key's lock while its chunked body is still arriving
            first.getOutputStream().write(("PUT " + key + " HTTP/1.1\r\nHost: m\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n").getBytes(StandardCharsets.ISO_8859_1));
            first.getOutputStream().flush();
            Thread.sleep(300);
            assertThat(BlobHttp.put(url(key), "second").statusCode()).isEqualTo(409);
            assertThat(BlobHttp.delete(url(key)).statusCode()).isEqualTo(409);
            first.getOutputStream().write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            first.getOutputStream().flush();
            byte[] buf = new byte[12];
            int n = first.getInputStream().readNBytes(buf, 0, 12);
            assertThat(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 201");
        }
        assertThat(BlobHttp.getFollowing(url(key)).body()).isEqualTo("hello");
    }

    @Test
    void a64MiBBodyStreamsThroughAndComesBackWithItsMd5() throws Exception {
        String key = fresh();
        long size = 64L << 20;
        MessageDigest sent = BlobHttp.md5();
        Random random = new Random(42);
        InputStream body = new InputStream() {
            long left = size;
            final byte[] block = new byte[1 << 16];

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, left), block.length);
                random.nextBytes(block);
                System.arraycopy(block, 0, b, off, n);
                sent.update(b, off, n);
                left -= n;
                return n;
            }
        };
        HttpRequest put = HttpRequest.newBuilder(URI.create(url(key)))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), size))
                .build();
        assertThat(BlobHttp.CLIENT.send(put, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);
        String md5 = HexFormat.of().formatHex(sent.digest());
        HttpResponse<String> redirect = BlobHttp.get(url(key));
        assertThat(redirect.headers().firstValue("Content-Md5")).hasValue(md5);
        HttpResponse<InputStream> data = BlobHttp.CLIENT.send(
                HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest got = BlobHttp.md5();
        try (InputStream in = data.body()) {
            assertThat(BlobHttp.digest(in, got)).isEqualTo(size);
        }
        assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(md5);
        assertThat(BlobHttp.delete(url(key)).statusCode()).isEqualTo(204);
    }

    @Test
    void theClientIsReadNoFasterThanTheSlowestReplicaAccepts() throws Exception {
        try (SlowVolume slow = new SlowVolume()) {
            BlobProcess m = cluster.master("slow", "--volumes", cluster.volumes.getFirst().address() + "," + slow.address(),
                    "--replicas", "2", "--subvolumes", "1");
            long size = 64L << 20;
            AtomicInteger status = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            InputStream body = new InputStream() {
                final byte[] block = new byte[1 << 16];

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    long left = size - sent.get();
                    if (left == 0) {
                        return -1;
                    }
                    int n = (int) Math.min(Math.min(len, left), block.length);
                    System.arraycopy(block, 0, b, off, n);
                    sent.addAndGet(n);
                    return n;
                }
            };
            Thread client = Thread.ofPlatform().start(() -> {
                try {
                    status.set(BlobHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(m.url() + "/slow"))
                            .PUT(HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofInputStream(() -> body), size)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode());
                } catch (Exception e) {
                    status.set(-1);
                }
            });
            assertThat(slow.headersRead.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Thread.sleep(1500);
            long duringStall = sent.get();
            // socket buffers along client -> master -> replica hold some MiB; a master ignoring the stalled
            // replica would have read all 64 MiB by now
            assertThat(duringStall).as("bytes the client got to send while a replica read nothing")
                    .isLessThan(40L << 20);
            slow.release();
            client.join(60_000);
            assertThat(status.get()).isEqualTo(201);
            assertThat(slow.bodyBytes.get()).isEqualTo(size);
        }
    }

    @Test
    void aChunkedUploadIsAcceptedAndAnEmptyOneIs411() throws Exception {
        assumeThat(BlobHttp.curlInstalled()).as("curl installed").isTrue();
        Path file = Files.createTempFile("panamax-chunked-", ".bin");
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Files.write(file, data);
        String key = fresh();
        assertThat(BlobHttp.curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Transfer-Encoding: chunked",
                "-T", file.toString(), url(key))).isEqualTo("201");
        HttpResponse<byte[]> back = BlobHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(
                BlobHttp.get(url(key)).headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(back.body()).isEqualTo(data);
        assertThat(BlobHttp.get(url(key)).headers().firstValue("Content-Md5")).hasValue(BlobHttp.md5Hex(data));
        String empty = fresh(); // raw: curl -T of an empty file never sends the last chunk
        try (Socket sock = new Socket("127.0.0.1", master.port)) {
            sock.getOutputStream().write(("PUT " + empty + " HTTP/1.1\r\nHost: m\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readAll(sock.getInputStream())).startsWith("HTTP/1.1 411");
        }
        assertThat(BlobHttp.get(url(empty) + "?unlinked").body()).as("no record either")
                .isEqualTo("{\"next\":\"\",\"keys\":[]}");
        Files.delete(file);
    }

    @Test
    void curlDrivesTheReadmeExamples() throws Exception {
        assumeThat(BlobHttp.curlInstalled()).as("curl installed").isTrue();
        String key = fresh();
        assertThat(BlobHttp.curl("-L", "-X", "PUT", "-d", "bigswag", "-o", "/dev/null", "-w", "%{http_code}", url(key)))
                .isEqualTo("201");
        assertThat(BlobHttp.curl("-L", url(key))).isEqualTo("bigswag");
        assertThat(BlobHttp.curl("-L", "-H", "Range: bytes=3-5", url(key))).isEqualTo("swa");
        assertThat(BlobHttp.curl("-L", "-X", "UNLINK", "-o", "/dev/null", "-w", "%{http_code}", url(key))).isEqualTo("204");
        assertThat(BlobHttp.curl("-L", "-X", "DELETE", "-o", "/dev/null", "-w", "%{http_code}", url(key))).isEqualTo("204");
        assertThat(BlobHttp.curl("-o", "/dev/null", "-w", "%{http_code}", url(key))).isEqualTo("404");
    }

    @Test
    void listPagesThroughLiveKeysWithNextAndStart() throws Exception {
        String prefix = fresh() + "-list-";
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String key = prefix + i;
            assertThat(BlobHttp.put(url(key), "0").statusCode()).isEqualTo(201);
            keys.add(key);
        }
        keys.sort(null);
        HttpResponse<String> first = BlobHttp.get(url(prefix) + "?list&limit=10");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(first.body()).isEqualTo(json(keys.get(10), keys.subList(0, 10)));
        String start = java.net.URLEncoder.encode(keys.get(10), StandardCharsets.UTF_8);
        assertThat(BlobHttp.get(url(prefix) + "?list&limit=10&start=" + start).body())
                .isEqualTo(json("", keys.subList(10, 12)));
        assertThat(BlobHttp.get(url(prefix) + "?list").body()).isEqualTo(json("", keys));
        assertThat(BlobHttp.get(url(prefix) + "?list&limit=0").body()).isEqualTo(json("", keys));
        assertThat(BlobHttp.get(url(prefix) + "?list&start=%2Fa").body()).as("start before the prefix is clamped")
                .isEqualTo(json("", keys));
        assertThat(BlobHttp.get(url(prefix) + "?list&start=%7E").body()).isEqualTo(json("", List.of()));
        assertThat(BlobHttp.get(url(prefix + "nothing") + "?list").body()).isEqualTo(json("", List.of()));
    }

    @Test
    void unlinkMovesTheKeyToUnlinkedAndDeleteThenRemovesItsFiles() throws Exception {
        String key = fresh();
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        assertThat(BlobHttp.put(url(key), "doomed").statusCode()).isEqualTo(201);
        assertThat(BlobHttp.send("UNLINK", url(key), null).statusCode()).isEqualTo(204);
        assertThat(BlobHttp.get(url(key)).statusCode()).isEqualTo(404);
        assertThat(BlobHttp.get(url(key) + "?list").body()).isEqualTo(json("", List.of()));
        assertThat(BlobHttp.get(url(key) + "?unlinked").body()).isEqualTo(json("", List.of(key)));
        assertThat(BlobHttp.send("UNLINK", url(key), null).statusCode()).as("already unlinked").isEqualTo(404);
        String replica = placement.volumesFor(k).getFirst();
        assertThat(BlobHttp.get("http://" + replica + VolumePath.of(k)).body()).as("UNLINK keeps the files").isEqualTo("doomed");
        assertThat(BlobHttp.delete(url(key)).statusCode()).isEqualTo(204);
        assertThat(BlobHttp.get("http://" + replica + VolumePath.of(k)).statusCode()).isEqualTo(404);
        assertThat(BlobHttp.get(url(key) + "?unlinked").body()).isEqualTo(json("", List.of()));
        assertThat(BlobHttp.delete(url(key)).statusCode()).isEqualTo(404);
        assertThat(BlobHttp.put(url(key), "reborn").statusCode()).as("a deleted key can be written again").isEqualTo(201);
    }

    @Test
    void rebalanceOfABalancedKeyIs204AndOfAMissingOne404() throws Exception {
        String key = fresh();
        assertThat(BlobHttp.put(url(key), "steady").statusCode()).isEqualTo(201);
        assertThat(BlobHttp.send("REBALANCE", url(key), null).statusCode()).isEqualTo(204);
        assertThat(BlobHttp.send("REBALANCE", url(fresh()), null).statusCode()).isEqualTo(404);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String key = fresh();
        try (Socket s = new Socket("127.0.0.1", master.port)) {
            String req = "PUT " + key + " HTTP/1.1\r\nHost: m\r\nContent-Length: 4\r\n\r\npipe"
                    + "GET " + key + " HTTP/1.1\r\nHost: m\r\n\r\n"
                    + "PUT " + key + " HTTP/1.1\r\nHost: m\r\nContent-Length: 4\r\n\r\nagai"
                    + "DELETE " + key + " HTTP/1.1\r\nHost: m\r\n\r\n"
                    + "GET " + key + " HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readAll(s.getInputStream())).containsSubsequence(
                    "HTTP/1.1 201", "HTTP/1.1 302", "HTTP/1.1 403", "HTTP/1.1 204", "HTTP/1.1 404");
        }
    }

    @Test
    void sixteenConcurrentWritersOfDistinctKeysNeverGet409() throws Exception {
        int workers = 16;
        int perWorker = 25;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                results.add(pool.submit(() -> {
                    Random random = new Random(worker);
                    for (int i = 0; i < perWorker; i++) {
                        String key = "/benchmark-" + worker + "-" + i + "-" + random.nextInt();
                        String value = "value-" + random.nextLong();
                        int put = BlobHttp.put(url(key), value).statusCode();
                        if (put != 201) {
                            return "PUT " + key + " -> " + put;
                        }
                        HttpResponse<String> get = BlobHttp.getFollowing(url(key));
                        if (get.statusCode() != 200 || !get.body().equals(value)) {
                            return "GET " + key + " -> " + get.statusCode() + " " + get.body();
                        }
                        int del = BlobHttp.delete(url(key)).statusCode();
                        if (del != 204) {
                            return "DELETE " + key + " -> " + del;
                        }
                    }
                    return "ok";
                }));
            }
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo("ok");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void protectRefusesDeletingALiveKeyUntilItIsUnlinked() throws Exception {
        BlobProcess protectedMaster = cluster.master("protect", "--volumes", cluster.volumeList(), "--protect");
        String key = fresh();
        String u = protectedMaster.url() + key;
        assertThat(BlobHttp.put(u, "keep me").statusCode()).isEqualTo(201);
        assertThat(BlobHttp.delete(u).statusCode()).isEqualTo(403);
        assertThat(BlobHttp.getFollowing(u).body()).isEqualTo("keep me");
        assertThat(BlobHttp.send("UNLINK", u, null).statusCode()).isEqualTo(204);
        assertThat(BlobHttp.delete(u).statusCode()).isEqualTo(204);
        assertThat(BlobHttp.get(u + "?unlinked").body()).isEqualTo(json("", List.of()));
    }

    @Test
    void fallbackRedirectsMissingKeysElsewhereAndMd5sumFalseStoresNoHash() throws Exception {
        BlobProcess withFallback = cluster.master("fallback", "--volumes", cluster.volumeList(),
                "--fallback", "otherhost:3999", "--md5sum=false");
        HttpResponse<String> r = BlobHttp.get(withFallback.url() + "/missing%20key");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("http://otherhost:3999/missing%20key");
        String key = fresh();
        assertThat(BlobHttp.put(withFallback.url() + key, "here").statusCode()).isEqualTo(201);
        assertThat(BlobHttp.getFollowing(withFallback.url() + key).body()).isEqualTo("here");
        HttpResponse<String> located = BlobHttp.get(withFallback.url() + key);
        assertThat(located.headers().firstValue("Content-Md5")).as("--md5sum=false").isEmpty();
        assertThat(located.headers().firstValue("Key-Volumes")).isPresent();
    }

    static String json(String next, List<String> keys) {
        StringBuilder sb = new StringBuilder("{\"next\":\"").append(next).append("\",\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(keys.get(i)).append('"');
        }
        return sb.append("]}").toString();
    }

    static String readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
