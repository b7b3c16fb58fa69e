package io.panamax.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/** {@link HttpClient} helpers for the blob ITs: no automatic redirects, so each 302 is checked by the test. */
final class BlobHttp {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private BlobHttp() {}

    static HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).method(method, p).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> put(String url, String body) throws IOException, InterruptedException {
        return send("PUT", url, body);
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send("GET", url, null);
    }

    static HttpResponse<String> head(String url) throws IOException, InterruptedException {
        return send("HEAD", url, null);
    }

    static HttpResponse<String> delete(String url) throws IOException, InterruptedException {
        return send("DELETE", url, null);
    }

    /** GET through the master's 302: the volume's reply. */
    static HttpResponse<String> getFollowing(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = get(url);
        if (r.statusCode() != 302) {
            return r;
        }
        return get(r.headers().firstValue("Location").orElseThrow());
    }

    /** Runs curl with {@code args}; returns its stdout (curl's exit code must be 0). */
    static String curl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("curl " + args + " failed: " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static boolean curlInstalled() {
        try {
            return new ProcessBuilder("curl", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String md5Hex(byte[] data) {
        return HexFormat.of().formatHex(md5().digest(data));
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code in} to its end into {@code md5}; returns the byte count. */
    static long digest(InputStream in, MessageDigest md5) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            md5.update(buf, 0, n);
            total += n;
        }
        return total;
    }
}
