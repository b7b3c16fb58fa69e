package io.panamax.lab.load;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An in-memory blob store behind {@link BlobHttp} sessions, for unit tests without a network: the master at
 * {@link #MASTER} answers PUT 201/403/411, GET 302 to {@link #VOLUME} or 404, DELETE 204/404 (the contract of
 * specs/blobstore.md), the volume answers GET 200/404. A {@link Fault} can replace any answer or throw.
 */
final class FakeBlobStore implements Supplier<BlobHttp> {

    static final String MASTER = "http://127.0.0.1:3000";
    static final String VOLUME = "http://127.0.0.1:3001";

    /** Replaces the {@code n}-th (1-based, over the whole store) request matching what it checks; null = no fault. */
    @FunctionalInterface
    interface Fault {
        HttpReply answer(String method, String url, long n) throws IOException;
    }

    final Map<String, byte[]> values = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> volumeGets = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    volatile Fault fault;

    @Override
    public BlobHttp get() {
        opened.incrementAndGet();
        return new BlobHttp() {
            @Override
            public HttpReply send(String method, String url, byte[] body) throws IOException {
                return handle(method, url, body);
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }

    HttpReply handle(String method, String url, byte[] body) throws IOException {
        HttpTarget.parse(url); // as a real session: IllegalArgumentException for a URL it cannot send to
        long n = requests.incrementAndGet();
        Fault f = fault;
        if (f != null) {
            HttpReply r = f.answer(method, url, n);
            if (r != null) {
                return r;
            }
        }
        if (url.startsWith(VOLUME + "/sv00/")) {
            String key = url.substring((VOLUME + "/sv00").length());
            byte[] v = values.get(key);
            volumeGets.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return method.equals("GET") && v != null ? reply(200, null, v) : reply(404, null, null);
        }
        if (!url.startsWith(MASTER + "/")) {
            throw new IOException("connection refused: " + url);
        }
        String key = url.substring(MASTER.length());
        return switch (method) {
            case "PUT" -> body == null || body.length == 0 ? reply(411, null, null)
                    : values.putIfAbsent(key, body) != null ? reply(403, null, null) : reply(201, null, null);
            case "GET" -> values.containsKey(key) ? reply(302, VOLUME + "/sv00" + key, null) : reply(404, null, null);
            case "DELETE" -> values.remove(key) != null ? reply(204, null, null) : reply(404, null, null);
            default -> reply(405, null, null);
        };
    }

    static HttpReply reply(int status, String location, byte[] body) {
        return new HttpReply(status, location, body, true);
    }
}
