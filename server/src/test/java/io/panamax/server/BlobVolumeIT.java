package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code panamax blob volume} as a real process: the file-server contract the master and rebuild rely on. */
class BlobVolumeIT {
    static Path dir;
    static BlobProcess volume;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("panamax-volume-it-");
        volume = BlobProcess.volume(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (volume != null) {
                assertThat(volume.terminate()).as("graceful stop on SIGTERM").isTrue();
            }
        } finally {
            if (volume != null) {
                volume.close();
            }
            ServerProcess.deleteTree(dir);
        }
    }

    @Test
    void putCreatesThenOverwritesAndGetReadsTheBytesBack() throws Exception {
        String url = volume.url() + "/sv01/ab/cd/a2V5MQ==";
        assertThat(BlobHttp.put(url, "first").statusCode()).isEqualTo(201);
        assertThat(Files.readString(dir.resolve("sv01/ab/cd/a2V5MQ=="))).isEqualTo("first");
        assertThat(BlobHttp.put(url, "second value").statusCode()).isEqualTo(204);
        HttpResponse<String> r = BlobHttp.get(url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("second value");
        assertThat(r.headers().firstValue("Content-Length")).hasValue("12");
        try (var files = Files.list(dir.resolve("sv01/ab/cd"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temp file left").containsExactly("a2V5MQ==");
        }
    }

    @Test
    void filesAndRangesOnBothSidesOfTheInlineReadSizeComeBackWhole() throws Exception {
        // Up to 64 KiB a GET reads the file into a buffer; above, it sends a file region: both paths, with ranges.
        for (int size : new int[] {1, 65_535, 65_536, 65_537, 300_000}) {
            byte[] bytes = new byte[size];
            new java.util.Random(size).nextBytes(bytes);
            Path file = dir.resolve("ff/ee/size" + size);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            String url = volume.url() + "/ff/ee/size" + size;
            HttpResponse<byte[]> whole = BlobHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).as("size %d", size).isEqualTo(200);
            assertThat(whole.body()).as("size %d", size).isEqualTo(bytes);
            int first = size / 3;
            int last = size - 1;
            HttpResponse<byte[]> part = BlobHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).header("Range", "bytes=" + first + "-").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(part.statusCode()).as("size %d", size).isEqualTo(206);
            assertThat(part.body()).as("size %d", size)
                    .isEqualTo(java.util.Arrays.copyOfRange(bytes, first, last + 1));
        }
    }

    @Test
    void headGivesTheLengthWithoutABody() throws Exception {
        String url = volume.url() + "/11/22/aGVhZA==";
        BlobHttp.put(url, "12345");
        HttpResponse<String> r = BlobHttp.head(url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).hasValue("5");
        assertThat(r.body()).isEmpty();
        assertThat(BlobHttp.head(volume.url() + "/11/22/bm9uZQ==").statusCode()).isEqualTo(404);
    }

    @Test
    void rangeRequestsGetPartialContentOr416() throws Exception {
        String url = volume.url() + "/33/44/cmFuZ2U=";
        BlobHttp.put(url, "onyou");
        HttpResponse<String> r = BlobHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Range", "bytes=2-5").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo("you");
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 2-4/5");
        HttpResponse<String> suffix = BlobHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Range", "bytes=-2").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(suffix.body()).isEqualTo("ou");
        HttpResponse<String> bad = BlobHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Range", "bytes=9-12").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(416);
        assertThat(bad.headers().firstValue("Content-Range")).hasValue("bytes */5");
    }

    @Test
    void deleteRemovesTheFileAndThenSays404() throws Exception {
        String url = volume.url() + "/55/66/ZGVs";
        BlobHttp.put(url, "x");
        assertThat(BlobHttp.delete(url).statusCode()).isEqualTo(204);
        assertThat(Files.exists(dir.resolve("55/66/ZGVs"))).isFalse();
        assertThat(BlobHttp.delete(url).statusCode()).isEqualTo(404);
        assertThat(BlobHttp.get(url).statusCode()).isEqualTo(404);
    }

    @Test
    void directoryGetIsAnNginxStyleJsonListing() throws Exception {
        BlobHttp.put(volume.url() + "/list/77/88/ZmlsZQ==", "abc");
        HttpResponse<String> root = BlobHttp.get(volume.url() + "/list/77/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(root.body()).matches("\\[\\{\"name\":\"88\",\"type\":\"directory\",\"mtime\":\"[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\"}]");
        HttpResponse<String> leaf = BlobHttp.get(volume.url() + "/list/77/88/");
        assertThat(leaf.body()).contains("\"name\":\"ZmlsZQ==\"", "\"type\":\"file\"", "\"size\":3");
    }

    @Test
    void pathsThatWouldEscapeTheDirectoryAreRefused() throws Exception {
        Files.writeString(dir.getParent().resolve("outside-" + dir.getFileName()), "secret");
        String outside = "outside-" + dir.getFileName();
        assertThat(rawStatus("GET /../" + outside + " HTTP/1.1")).isIn(400, 403);
        assertThat(rawStatus("GET /a/%2e%2e/%2e%2e/" + outside + " HTTP/1.1")).isIn(400, 403);
        assertThat(rawStatus("GET /a%2f..%2f..%2f" + outside + " HTTP/1.1")).isEqualTo(400);
        assertThat(rawStatus("PUT /../evil HTTP/1.1\r\nContent-Length: 1\r\n\r\nx")).isIn(400, 403);
        assertThat(rawStatus("GET etc/passwd HTTP/1.1")).isEqualTo(400);
        assertThat(rawStatus("GET /.hidden HTTP/1.1")).isEqualTo(403);
        assertThat(rawStatus("GET /bad%zz HTTP/1.1")).isEqualTo(400);
        assertThat(Files.exists(dir.getParent().resolve("evil"))).isFalse();
        Files.deleteIfExists(dir.getParent().resolve(outside));
    }

    @Test
    void otherMethodsAre405() throws Exception {
        assertThat(BlobHttp.send("POST", volume.url() + "/x", "y").statusCode()).isEqualTo(405);
        assertThat(BlobHttp.send("PROPFIND", volume.url() + "/x", null).statusCode()).isEqualTo(405);
    }

    @Test
    void pipelinedRequestsOnOneConnectionAreAnsweredInOrder() throws Exception {
        try (Socket s = new Socket("127.0.0.1", volume.port)) {
            String req = "PUT /pipe/01/02/cGlwZQ== HTTP/1.1\r\nHost: v\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /pipe/01/02/cGlwZQ== HTTP/1.1\r\nHost: v\r\n\r\n"
                    + "DELETE /pipe/01/02/cGlwZQ== HTTP/1.1\r\nHost: v\r\n\r\n"
                    + "GET /pipe/01/02/cGlwZQ== HTTP/1.1\r\nHost: v\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
            String all = readAll(s.getInputStream());
            assertThat(all).containsSubsequence("HTTP/1.1 201", "HTTP/1.1 200", "abc", "HTTP/1.1 204", "HTTP/1.1 404");
        }
    }

    @Test
    void anUploadCutShortLeavesNoFile() throws Exception {
        try (Socket s = new Socket("127.0.0.1", volume.port)) {
            s.getOutputStream().write("PUT /cut/01/02/Y3V0 HTTP/1.1\r\nHost: v\r\nContent-Length: 100\r\n\r\nonly-part"
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            Thread.sleep(200);
        }
        Thread.sleep(300);
        assertThat(Files.exists(dir.resolve("cut/01/02/Y3V0"))).isFalse();
        try (var files = Files.list(dir.resolve("cut/01/02"))) {
            assertThat(files.toList()).as("the temp file is deleted").isEmpty();
        }
    }

    /** Sends one raw request (Host and Connection: close added) and returns the status code. */
    private static int rawStatus(String requestLineAndMore) throws IOException {
        int headerEnd = requestLineAndMore.indexOf("\r\n");
        String req = headerEnd < 0
                ? requestLineAndMore + "\r\nHost: v\r\nConnection: close\r\n\r\n"
                : requestLineAndMore.substring(0, headerEnd) + "\r\nHost: v\r\nConnection: close"
                        + requestLineAndMore.substring(headerEnd);
        try (Socket s = new Socket("127.0.0.1", volume.port)) {
            s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
            String reply = readAll(s.getInputStream());
            return Integer.parseInt(reply.substring(9, 12));
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
