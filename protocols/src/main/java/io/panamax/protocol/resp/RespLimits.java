package io.panamax.protocol.resp;

/**
 * Request limits, with Redis's defaults. Past any of them the connection gets
 * {@code -ERR Protocol error: …} and is closed.
 *
 * @param maxBulkBytes longest bulk string accepted ({@code proto-max-bulk-len}, 512 MiB)
 * @param maxMultibulkCount most arguments in one request (Redis: 1024 * 1024 for clients)
 * @param maxInlineBytes longest inline request line, and longest {@code *}/{@code $} header line
 *     (64 KiB, {@code PROTO_INLINE_MAX_SIZE})
 * @param maxQueryBufferBytes most unprocessed bytes buffered for one client
 *     ({@code client-query-buffer-limit}, 1 GiB)
 */
public record RespLimits(long maxBulkBytes, int maxMultibulkCount, int maxInlineBytes, long maxQueryBufferBytes) {
    /** Redis 7 defaults. */
    public static final RespLimits DEFAULTS = new RespLimits(512L << 20, 1024 * 1024, 64 * 1024, 1L << 30);

    public RespLimits {
        if (maxBulkBytes < 1 || maxBulkBytes > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException("maxBulkBytes=" + maxBulkBytes + " must be in [1, 2^31-3]");
        }
        if (maxMultibulkCount < 1 || maxInlineBytes < 16 || maxQueryBufferBytes < maxInlineBytes) {
            throw new IllegalArgumentException("maxMultibulkCount=" + maxMultibulkCount + " maxInlineBytes="
                    + maxInlineBytes + " maxQueryBufferBytes=" + maxQueryBufferBytes + " out of range");
        }
    }
}
