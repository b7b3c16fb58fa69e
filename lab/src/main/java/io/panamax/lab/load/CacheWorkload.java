package io.panamax.lab.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cache protocol requests (specs/cache-protocol.md), as the KV-Cache Locust client sends them: one JSON object
 * per line, {@code {"key":"…","value":"…"}} for SET and {@code {"key":"…"}} for GET.
 */
public final class CacheWorkload implements Workload {

    private static final byte[] OPEN = "{\"key\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET_CLOSE = "\"}\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[] setTail;

    /** @param dataSize value size in bytes (20 gives ~50-byte SET requests) */
    public CacheWorkload(int dataSize) {
        char[] v = new char[dataSize];
        Arrays.fill(v, 'x');
        setTail = ("\",\"value\":\"" + new String(v) + "\"}\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void encode(ByteBuf out, boolean set, long key) {
        out.writeBytes(OPEN);
        Workload.writeKey(out, key);
        out.writeBytes(set ? setTail : GET_CLOSE);
    }

    @Override
    public ReplyScanner newScanner() {
        return new CacheReplyScanner();
    }
}
