package io.panamax.blobstore.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.panamax.blobstore.VolumePath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocking HTTP calls to volumes (ours or nginx) for the tools and for REBALANCE: HEAD, DELETE, JSON directory
 * listings, MD5 of a file, and streaming copies between volumes. Built on {@link HttpClient} (HTTP/1.1, no
 * redirects); bodies stream, nothing holds a whole file. Thread-safe; meant for worker or virtual threads.
 */
public final class VolumeHttp {
    private static final JsonFactory JSON = new JsonFactory();
    /** Listings of large directories may take a while; they get this long, not the HEAD timeout. */
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;
    private final Duration timeout;

    /** @param timeoutMs how long a connect, HEAD or DELETE may take ({@code --voltimeout}) */
    public VolumeHttp(long timeoutMs) {
        this.timeout = Duration.ofMillis(timeoutMs);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    /** One entry of a JSON listing ({@code type} is {@code file}, {@code directory} or {@code other}). */
    public record Entry(String name, String type) {
        public boolean isDirectory() {
            return "directory".equals(type);
        }

        public boolean isFile() {
            return "file".equals(type);
        }
    }

    /** The status of {@code HEAD url}, or -1 when the volume cannot be reached in time. */
    public int head(String url) {
        return bodiless("HEAD", url, timeout);
    }

    /** The status of {@code DELETE url}, or -1 when the volume cannot be reached. */
    public int delete(String url) {
        return bodiless("DELETE", url, timeout.multipliedBy(10));
    }

    private int bodiless(String method, String url, Duration limit) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(limit)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();
            return client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The entries of the directory at {@code url} (ending in {@code /}), from its JSON listing.
     *
     * @throws IOException when the volume cannot be reached, answers other than 200, or the body is not a listing
     */
    public List<Entry> list(String url) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(LIST_TIMEOUT).GET().build();
        HttpResponse<InputStream> resp = send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new IOException("GET " + url + " answered " + resp.statusCode());
            }
            return parseListing(in);
        }
    }

    /** Parses nginx/Panamax {@code autoindex_format json}: an array of objects with {@code name} and {@code type}. */
    static List<Entry> parseListing(InputStream in) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("listing is not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String name = null;
                String type = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    } else if (field.equals("name")) {
                        name = p.getValueAsString();
                    } else if (field.equals("type")) {
                        type = p.getValueAsString();
                    }
                }
                if (name != null && type != null) {
                    out.add(new Entry(name, type));
                }
            }
        }
        return out;
    }

    /**
     * Reads the file at {@code url} and hashes it.
     *
     * @return the MD5 as 32 lower-case hex chars
     * @throws IOException when it cannot be read whole
     */
    public String md5(String url) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().build();
        HttpResponse<InputStream> resp = send(req, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest md5 = VolumePath.md5();
        try (InputStream in = new DigestInputStream(resp.body(), md5)) {
            if (resp.statusCode() != 200) {
                throw new IOException("GET " + url + " answered " + resp.statusCode());
            }
            in.transferTo(OutputSink.INSTANCE);
        }
        return VolumePath.hex(md5.digest());
    }

    /**
     * Streams the file at {@code from} to {@code to} (PUT with the source's length), hashing it on the way.
     *
     * @param expectedMd5 the hash the copy must have, or null to skip the check; on a mismatch the copy is deleted
     * @throws IOException when the source cannot be read, the target does not answer 201/204, or the hash differs
     */
    public void copy(String from, String to, String expectedMd5) throws IOException {
        HttpResponse<InputStream> src = send(HttpRequest.newBuilder(URI.create(from)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest md5 = VolumePath.md5();
        try (InputStream in = new DigestInputStream(src.body(), md5)) {
            if (src.statusCode() != 200) {
                throw new IOException("GET " + from + " answered " + src.statusCode());
            }
            long length = src.headers().firstValueAsLong("Content-Length").orElse(-1);
            HttpRequest.BodyPublisher body = length > 0
                    ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> in), length)
                    : length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofInputStream(() -> in);
            HttpResponse<Void> put = send(HttpRequest.newBuilder(URI.create(to)).PUT(body).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (put.statusCode() != 201 && put.statusCode() != 204) {
                throw new IOException("PUT " + to + " answered " + put.statusCode());
            }
        }
        String got = VolumePath.hex(md5.digest());
        if (expectedMd5 != null && !expectedMd5.equals(got)) {
            delete(to);
            throw new IOException("copy " + from + " -> " + to + ": MD5 " + got + " differs from the index's " + expectedMd5);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.send(req, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + req.uri(), e);
        }
    }

    /** Discards bytes (transferTo target). */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
