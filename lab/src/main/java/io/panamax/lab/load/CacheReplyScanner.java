package io.panamax.lab.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Counts cache-protocol replies: compact JSON objects with no separator (specs/cache-protocol.md), found by
 * brace depth outside strings. A reply starting {@code {"status":"ERROR"} counts as an error.
 */
public final class CacheReplyScanner implements ReplyScanner {

    private static final byte[] ERROR_PREFIX = "{\"status\":\"ERROR\"".getBytes(StandardCharsets.US_ASCII);

    private long errors;

    @Override
    public int scan(ByteBuf in) {
        int count = 0;
        while (true) {
            int start = in.readerIndex();
            while (start < in.writerIndex() && in.getByte(start) != '{') {
                start++;
            }
            int end = objectEnd(in, start);
            if (end < 0) {
                in.readerIndex(start);
                return count;
            }
            if (startsWith(in, start, ERROR_PREFIX)) {
                errors++;
            }
            in.readerIndex(end);
            count++;
        }
    }

    @Override
    public long errors() {
        return errors;
    }

    private static int objectEnd(ByteBuf in, int start) {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = start; i < in.writerIndex(); i++) {
            byte b = in.getByte(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{') {
                depth++;
            } else if (b == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean startsWith(ByteBuf in, int at, byte[] prefix) {
        if (in.writerIndex() - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
