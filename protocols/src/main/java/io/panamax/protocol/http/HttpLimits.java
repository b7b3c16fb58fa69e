package io.panamax.protocol.http;

/**
 * Limits of the REST listener; a request over one of them is refused and its connection closed.
 *
 * @param maxInitialLineBytes longest request line; longer gets 414 and close
 * @param maxHeaderBytes total size of the header block; larger gets 431 and close
 * @param maxValueBytes largest request body (a PUT value or a POST JSON document); larger gets 413 and close
 * @param idleTimeoutMs a connection with nothing read for this long, no request in progress, no reply pending and no
 *     reply bytes still waiting for the client to read them is closed
 * @param requestTimeoutMs a request must arrive whole (headers and body) within this time of its first bytes being
 *     read, or the connection is closed (a slowloris cannot hold a shard)
 */
public record HttpLimits(
        int maxInitialLineBytes, int maxHeaderBytes, int maxValueBytes, long idleTimeoutMs, long requestTimeoutMs) {

    /** 8 KiB request line, 16 KiB headers, 64 MiB values, 60 s idle, 30 s per request. */
    public static final HttpLimits DEFAULTS = new HttpLimits(8192, 16384, 64 << 20, 60_000, 30_000);

    /** Validates every field; throws {@link IllegalArgumentException} naming the bad one. */
    public HttpLimits {
        require(maxInitialLineBytes >= 256, "maxInitialLineBytes", maxInitialLineBytes);
        require(maxHeaderBytes >= 256, "maxHeaderBytes", maxHeaderBytes);
        require(maxValueBytes >= 0 && maxValueBytes <= Integer.MAX_VALUE - 1024, "maxValueBytes", maxValueBytes);
        require(idleTimeoutMs > 0, "idleTimeoutMs", idleTimeoutMs);
        require(requestTimeoutMs > 0, "requestTimeoutMs", requestTimeoutMs);
    }

    /** A copy with another maximum value size. */
    public HttpLimits withMaxValueBytes(int bytes) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, bytes, idleTimeoutMs, requestTimeoutMs);
    }

    /** A copy with other idle and request timeouts. */
    public HttpLimits withTimeouts(long idleMs, long requestMs) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, maxValueBytes, idleMs, requestMs);
    }

    private static void require(boolean ok, String name, long value) {
        if (!ok) {
            throw new IllegalArgumentException("invalid HTTP limit: " + name + "=" + value);
        }
    }
}
