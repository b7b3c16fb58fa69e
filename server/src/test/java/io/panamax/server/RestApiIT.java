package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
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
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of specs/rest.md against a real server process, with the JDK HttpClient, curl and a raw socket. */
class RestApiIT {
    private static final String NOT_FOUND_ROUTE = "404 Route Not Found (Did you mean /keys or /keys/{id}?)";
    private static ServerProcess server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.panamax("--shards", "2");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(server.httpPort, method, path, body);
    }

    private static HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(30));
        b.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        return client.send(b.build(), BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> r, int status, String body) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri()).isEqualTo(status);
        assertThat(r.body()).as(r.request().method() + " " + r.request().uri()).isEqualTo(body);
    }

    @Test
    void everyRowOfTheSpecTableWithTheJdkClient() throws Exception {
        expect(send("GET", "/keys/jdk1", null), 404, "Key not found");
        HttpResponse<String> put = send("PUT", "/keys/jdk1", "value one");
        expect(put, 200, "Key 'jdk1' updated");
        assertThat(put.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(put.headers().firstValue("content-length")).hasValue("18");
        expect(send("GET", "/keys/jdk1", null), 200, "value one");
        expect(send("POST", "/keys", "{\"key\":\"jdk2\",\"value\":\"two\"}"), 201, "Key 'jdk2' created");
        expect(send("POST", "/keys", "{\"key\":\"jdk2\",\"value\":\"again\"}"), 400, "Key 'jdk2' already exists");
        expect(send("POST", "/keys", null), 400, "Missing request body");
        expect(send("POST", "/keys", "{not json"), 400, "Invalid JSON body");
        expect(send("GET", "/keys/jdk2", null), 200, "two");
        expect(send("DELETE", "/keys/jdk2", null), 200, "Key 'jdk2' deleted");
        expect(send("DELETE", "/keys/jdk2", null), 404, "Key not found");
        expect(send("PATCH", "/keys/jdk1", "x"), 400, "Invalid Method for Path");
        expect(send("GET", "/nowhere", null), 404, NOT_FOUND_ROUTE);
        HttpResponse<String> head = send("HEAD", "/keys/jdk1", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).hasValue("9");
        String etag = head.headers().firstValue("etag").orElseThrow();
        HttpResponse<String> notModified = client.send(HttpRequest.newBuilder(uri(server.httpPort, "/keys/jdk1"))
                .header("If-None-Match", etag).build(), BodyHandlers.ofString());
        assertThat(notModified.statusCode()).isEqualTo(304);
        expect(send("GET", "/health", null), 200, "OK");
        assertThat(send("GET", "/metrics", null).body())
                .contains("panamax_http_requests_total{route=\"get_key\",status=\"200\"}")
                .contains("panamax_lsm_wal_written_bytes_total");
    }

    @Test
    void binaryValuesContentTypesAndPercentDecodedKeys() throws Exception {
        byte[] value = new byte[256 * 1024];
        new Random(7).nextBytes(value);
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(uri(server.httpPort, "/keys/bin%2Fary%20key"))
                .header("Content-Type", "application/x-test").PUT(BodyPublishers.ofByteArray(value)).build(),
                BodyHandlers.ofString());
        expect(put, 200, "Key 'bin/ary key' updated");
        HttpResponse<byte[]> got = client.send(HttpRequest.newBuilder(uri(server.httpPort, "/keys/bin%2fary%20key"))
                .build(), BodyHandlers.ofByteArray());
        assertThat(got.body()).isEqualTo(value);
        assertThat(got.headers().firstValue("content-type")).hasValue("application/x-test");
        for (String k : List.of("list-b", "list-a", "list-c")) {
            send("PUT", "/keys/" + k, "v");
        }
        expect(send("GET", "/keys?prefix=list-&limit=2", null), 200, "{\"keys\":[\"list-a\",\"list-b\"],\"next\":\"list-c\"}");
    }

    @Test
    void largeValuesUpToTheLimitAndOneByteOver() throws Exception {
        byte[] value = new byte[64 << 20];
        new Random(64).nextBytes(value);
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(uri(server.httpPort, "/keys/large"))
                .PUT(BodyPublishers.ofByteArray(value)).build(), BodyHandlers.ofString());
        expect(put, 200, "Key 'large' updated");
        HttpResponse<byte[]> got = client.send(HttpRequest.newBuilder(uri(server.httpPort, "/keys/large")).build(),
                BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(value);
        byte[] over = new byte[(64 << 20) + 1];
        try (Socket s = new Socket("127.0.0.1", server.httpPort)) { // raw: see the 413 and the close
            OutputStream out = s.getOutputStream();
            out.write(("PUT /keys/large HTTP/1.1\r\nHost: t\r\nContent-Length: " + over.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(over);
            } catch (IOException closedEarly) {
                // the server may close before the whole body is sent; the reply is already there
            }
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(reply).startsWith("HTTP/1.1 413 ").contains("connection: close")
                    .endsWith("Value too large (max 67108864 bytes)");
        }
        HttpResponse<byte[]> still = client.send(HttpRequest.newBuilder(uri(server.httpPort, "/keys/large")).build(),
                BodyHandlers.ofByteArray());
        assertThat(still.body()).isEqualTo(value);
    }

    @Test
    void pipelinedRequestsOnOneSocketGetRepliesInOrder() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.httpPort)) {
            s.setSoTimeout(10_000);
            String two = "PUT /keys/pipe HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET /keys/pipe HTTP/1.1\r\nHost: t\r\n\r\n";
            s.getOutputStream().write(two.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nKey 'pipe' updated");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nhello");
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).endsWith("\r\n\r\nOK"); // still kept alive
            s.getOutputStream().write("GET /keys/pipe HTTP/1.1\r\nHost: t\r\n\r\nGARBAGE\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).endsWith("hello");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400 ").contains("connection: close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /**
     * Reads on a connection's own loop (no hop to the key's shard) still see every acknowledged write at once, from
     * any connection, and a read pipelined after a write of the same connection sees that write. Two connections land
     * on different loops (round robin), and the keys spread over both shards.
     */
    @Test
    void everyAcknowledgedWriteIsReadAtOnceFromAnyConnection() throws Exception {
        try (Socket a = new Socket("127.0.0.1", server.httpPort); Socket b = new Socket("127.0.0.1", server.httpPort)) {
            a.setSoTimeout(10_000);
            b.setSoTimeout(10_000);
            for (int i = 0; i < 100; i++) {
                String key = "seen-" + i;
                assertThat(exchange(a, "PUT /keys/" + key + " HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\na" + pad(i)))
                        .startsWith("HTTP/1.1 200 ");
                assertThat(exchange(b, "GET /keys/" + key + " HTTP/1.1\r\nHost: t\r\n\r\n")).as(key).endsWith("a" + pad(i));
                a.getOutputStream().write(("PUT /keys/" + key + " HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nb"
                        + pad(i) + "GET /keys/" + key + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(a.getInputStream())).startsWith("HTTP/1.1 200 ");
                assertThat(readResponse(a.getInputStream())).as("pipelined " + key).endsWith("b" + pad(i));
                assertThat(exchange(b, "GET /keys/" + key + " HTTP/1.1\r\nHost: t\r\n\r\n")).as(key).endsWith("b" + pad(i));
                assertThat(exchange(a, "DELETE /keys/" + key + " HTTP/1.1\r\nHost: t\r\n\r\n")).startsWith("HTTP/1.1 200 ");
                assertThat(exchange(b, "HEAD /keys/" + key + " HTTP/1.1\r\nHost: t\r\n\r\n")).as(key)
                        .startsWith("HTTP/1.1 404 ");
            }
        }
    }

    private static String pad(int i) {
        return String.format("%02d", i);
    }

    private static String exchange(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return readResponse(s.getInputStream(), request.startsWith("HEAD "));
    }

    /** Reads one response with a Content-Length body. */
    private static String readResponse(InputStream in) throws IOException {
        return readResponse(in, false);
    }

    /** Reads one response; {@code head}: the reply to a HEAD, whose Content-Length announces no body. */
    private static String readResponse(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        while (!headBytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + headBytes);
            }
            headBytes.write(b);
        }
        String h = headBytes.toString(StandardCharsets.ISO_8859_1);
        if (head) {
            return h;
        }
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return h + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyRowOfTheSpecTableWithCurl() throws Exception {
        assumeTrue(curlInstalled(), "curl is not installed");
        String base = "http://127.0.0.1:" + server.httpPort;
        assertThat(curl("-X", "GET", base + "/keys/curl1")).isEqualTo("404 Key not found");
        assertThat(curl("-X", "PUT", "--data-binary", "curl value", base + "/keys/curl1"))
                .isEqualTo("200 Key 'curl1' updated");
        assertThat(curl(base + "/keys/curl1")).isEqualTo("200 curl value");
        assertThat(curl("-H", "Content-Type: application/json", "--data", "{\"key\":\"curl2\",\"value\":\"v2\"}",
                base + "/keys")).isEqualTo("201 Key 'curl2' created");
        assertThat(curl("-H", "Content-Type: application/json", "--data", "{\"key\":\"curl2\",\"value\":\"v2\"}",
                base + "/keys")).isEqualTo("400 Key 'curl2' already exists");
        assertThat(curl("-X", "POST", base + "/keys")).isEqualTo("400 Missing request body");
        assertThat(curl("--data", "nope", base + "/keys")).isEqualTo("400 Invalid JSON body");
        assertThat(curl("-X", "DELETE", base + "/keys/curl2")).isEqualTo("200 Key 'curl2' deleted");
        assertThat(curl("-X", "DELETE", base + "/keys/curl2")).isEqualTo("404 Key not found");
        assertThat(curl("-X", "PATCH", base + "/keys/curl1")).isEqualTo("400 Invalid Method for Path");
        assertThat(curl(base + "/elsewhere")).isEqualTo("404 " + NOT_FOUND_ROUTE);
        assertThat(curl("-I", base + "/keys/curl1")).startsWith("200 HTTP/1.1 200 OK").containsIgnoringCase("content-length: 10");
        assertThat(curl("-H", "Expect: 100-continue", "-X", "PUT", "--data-binary", "expect", base + "/keys/curl3"))
                .isEqualTo("200 Key 'curl3' updated");
        assertThat(curl("-H", "Transfer-Encoding: chunked", "-X", "PUT", "--data-binary", "chunked", base + "/keys/curl4"))
                .isEqualTo("200 Key 'curl4' updated");
        assertThat(curl(base + "/keys/curl4")).isEqualTo("200 chunked");
        assertThat(curl("--http1.0", base + "/keys/curl3")).isEqualTo("200 expect");
        // several URLs in one curl: one kept-alive connection (curl reports how many it opened)
        Process p = new ProcessBuilder("curl", "-s", "-w", "%{num_connects} ", "-o", "/dev/null",
                base + "/health", "-o", "/dev/null", base + "/keys/curl1", "-o", "/dev/null", base + "/health").redirectErrorStream(true).start();
        String connects = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        assertThat(connects).isEqualTo("1 0 0");
    }

    /** Runs curl and returns "status body" (for -I: "status headers"). */
    private static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("curl %s: %s", List.of(args), out).isZero();
        int nl = out.lastIndexOf('\n');
        return out.substring(nl + 1) + " " + out.substring(0, nl).trim();
    }

    private static boolean curlInstalled() {
        try {
            return new ProcessBuilder("curl", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void dataSurvivesARestartAndEveryAcknowledgedPutSurvivesSigkill(@TempDir Path dataDir) throws Exception {
        String dir = dataDir.toString();
        try (ServerProcess first = ServerProcess.panamax("--shards", "2", "--data-dir", dir)) {
            expect(send(first.httpPort, "PUT", "/keys/restart", "kept"), 200, "Key 'restart' updated");
            assertThat(first.terminate(15_000)).isTrue();
        }
        crashAndCheckAcknowledgedPuts(dir, "always");
        assertThat(Files.exists(dataDir)).isTrue();
    }

    /**
     * Under {@code everysec} a 2xx means the WAL write is done (the loop commits each iteration's writes inline): the
     * bytes are in the kernel's page cache, so a SIGKILL of the process (not a power loss) loses none of them.
     */
    @Test
    void everyAcknowledgedPutUnderEverysecSurvivesSigkillOfTheProcess(@TempDir Path dataDir) throws Exception {
        crashAndCheckAcknowledgedPuts(dataDir.toString(), "everysec");
    }

    private static void crashAndCheckAcknowledgedPuts(String dir, String fsync) throws Exception {
        ServerProcess crashing = ServerProcess.panamax("--shards", "2", "--data-dir", dir, "--fsync", fsync);
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; !killed.get(); i++) {
                    String key = "crash-" + writer + "-" + i;
                    try {
                        if (send(crashing.httpPort, "PUT", "/keys/" + key, "v" + i).statusCode() == 200) {
                            acknowledged.add(key);
                        }
                    } catch (Exception e) {
                        return; // the server is gone
                    }
                }
            }));
        }
        while (acknowledged.size() < 300) {
            Thread.sleep(5);
        }
        crashing.kill();
        killed.set(true);
        for (Thread t : writers) {
            t.join(30_000);
        }
        assertThat(crashing.logText()).doesNotContain("shutting down");
        try (ServerProcess after = ServerProcess.panamax("--shards", "2", "--data-dir", dir)) {
            if (fsync.equals("always")) {
                expect(send(after.httpPort, "GET", "/keys/restart", null), 200, "kept");
            }
            List<String> lost = new ArrayList<>();
            for (String key : acknowledged) {
                HttpResponse<String> r = send(after.httpPort, "GET", "/keys/" + key, null);
                if (r.statusCode() != 200 || !r.body().equals("v" + key.substring(key.lastIndexOf('-') + 1))) {
                    lost.add(key);
                }
            }
            assertThat(lost).as("fsync %s: acknowledged PUTs lost after SIGKILL (of %d)", fsync, acknowledged.size())
                    .isEmpty();
        }
    }
}
