package io.panamax.lab.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The three checked operations of the blob store's contract ({@code specs/blobstore.md}, Master API), each timed
 * into {@link BlobLatencies}: PUT expecting 201; GET expecting the master's 302 with a {@code Location}, then GET of
 * that URL expecting 200 and exactly the bytes written (timed together, the redirect included); DELETE expecting
 * 204. Any other answer, or an I/O error, throws a {@link BlobFailure} naming the key and every status seen; a
 * failed operation is not recorded. One instance per worker (it uses the worker's {@link BlobHttp} session).
 */
public final class BlobOperations {

    /** Characters of an unexpected response body quoted in a failure message. */
    static final int BODY_QUOTE_CHARS = 120;

    private final BlobHttp http;
    private final String masterUrl;
    private final BlobLatencies latencies;

    /**
     * @param masterUrl {@code http://host:port} of the master, no trailing slash
     */
    public BlobOperations(BlobHttp http, String masterUrl, BlobLatencies latencies) {
        this.http = http;
        this.masterUrl = masterUrl;
        this.latencies = latencies;
    }

    /** PUT {@code value} under {@code key} (a URL path starting with {@code /}); 201 expected. */
    public void put(String key, byte[] value) throws BlobFailure, InterruptedException {
        long t0 = System.nanoTime();
        HttpReply r = send(BlobOp.PUT, key, "PUT", masterUrl + key, value, "master");
        if (r.status() != 201) {
            throw new BlobFailure(BlobOp.PUT, key, "master status=" + r.status() + quote(r) + ", expected 201", null, null);
        }
        latencies.record(BlobOp.PUT, t0, System.nanoTime());
    }

    /** GET {@code key} through the master's redirect; 302 then 200 with {@code expected} as the body. */
    public void get(String key, byte[] expected) throws BlobFailure, InterruptedException {
        long t0 = System.nanoTime();
        HttpReply master = send(BlobOp.GET, key, "GET", masterUrl + key, null, "master");
        if (master.status() != 302 || master.location() == null) {
            throw new BlobFailure(BlobOp.GET, key, "master status=" + master.status() + " location="
                    + master.location() + quote(master) + ", expected 302 with a Location", null, null);
        }
        String seen = "master status=302 location=" + master.location();
        HttpReply volume;
        try {
            volume = send(BlobOp.GET, key, "GET", master.location(), null, seen + " -> volume");
        } catch (IllegalArgumentException badLocation) {
            throw new BlobFailure(BlobOp.GET, key, seen + ": " + badLocation.getMessage(), null, badLocation);
        }
        if (volume.status() != 200) {
            throw new BlobFailure(BlobOp.GET, key, seen + " -> volume status=" + volume.status() + quote(volume)
                    + ", expected 200", null, null);
        }
        if (!Arrays.equals(volume.body(), expected)) {
            throw new BlobFailure(BlobOp.GET, key, seen + " -> volume status=200 with " + volume.body().length
                    + " bytes " + quote(volume.body()) + ", expected the " + expected.length + " bytes written "
                    + quote(expected), null, null);
        }
        latencies.record(BlobOp.GET, t0, System.nanoTime());
    }

    /** DELETE {@code key}; 204 expected. */
    public void delete(String key) throws BlobFailure, InterruptedException {
        long t0 = System.nanoTime();
        HttpReply r = send(BlobOp.DELETE, key, "DELETE", masterUrl + key, null, "master");
        if (r.status() != 204) {
            throw new BlobFailure(BlobOp.DELETE, key, "master status=" + r.status() + quote(r) + ", expected 204", null,
                    null);
        }
        latencies.record(BlobOp.DELETE, t0, System.nanoTime());
    }

    private HttpReply send(BlobOp op, String key, String method, String url, byte[] body, String who)
            throws BlobFailure, InterruptedException {
        try {
            return http.send(method, url, body);
        } catch (IOException e) {
            throw new BlobFailure(op, key, who + ": " + method + " " + url + ": I/O error " + e.getMessage(), null, e);
        }
    }

    private static String quote(HttpReply r) {
        return r.body().length == 0 ? "" : " body=" + quote(r.body());
    }

    /** The first {@link #BODY_QUOTE_CHARS} characters of {@code body}, quoted, as UTF-8 text. */
    static String quote(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, BODY_QUOTE_CHARS * 4), StandardCharsets.UTF_8);
        return '"' + (s.length() > BODY_QUOTE_CHARS ? s.substring(0, BODY_QUOTE_CHARS) + "..." : s) + '"';
    }
}
