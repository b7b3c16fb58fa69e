package io.panamax.lab.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Writes the keys a wrk GET test reads: {@code PUT /keys/k<i>} for every {@code i < keys}, over HTTP/1.1. */
final class HttpPreload {

    private HttpPreload() {}

    /**
     * PUTs {@code keys} values of {@code dataSize} bytes with {@code concurrency} requests in flight.
     *
     * @throws IOException on the first answer that is not 2xx, naming the key, status and body
     */
    static void put(String host, int port, long keys, int dataSize, int concurrency)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        byte[] body = "v".repeat(dataSize).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AtomicLong next = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < keys; i = next.getAndIncrement()) {
                        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/keys/k" + i))
                                .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                                .header("Content-Type", "application/octet-stream").build();
                        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() / 100 != 2) {
                            throw new IOException("preload PUT /keys/k" + i + " answered status=" + r.statusCode()
                                    + " body=" + r.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : workers) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } finally {
            client.close();
        }
    }
}
