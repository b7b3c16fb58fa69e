package io.panamax.lab.load;

import io.netty.buffer.ByteBuf;

/**
 * Counts RESP2/RESP3 replies (simple string, error, integer, bulk string, arrays and the RESP3 scalar types)
 * without decoding them.
 */
public final class RespReplyScanner implements ReplyScanner {

    private static final int INCOMPLETE = -1;

    private long errors;

    @Override
    public int scan(ByteBuf in) {
        int count = 0;
        while (in.isReadable()) {
            int end = skipReply(in, in.readerIndex());
            if (end == INCOMPLETE) {
                break;
            }
            byte type = in.getByte(in.readerIndex());
            if (type == '-' || type == '!') {
                errors++;
            }
            in.readerIndex(end);
            count++;
        }
        return count;
    }

    @Override
    public long errors() {
        return errors;
    }

    /** Index just past the reply starting at {@code i}, or {@link #INCOMPLETE}. */
    private static int skipReply(ByteBuf in, int i) {
        int limit = in.writerIndex();
        if (i >= limit) {
            return INCOMPLETE;
        }
        byte type = in.getByte(i);
        int lf = in.indexOf(i + 1, limit, (byte) '\n');
        if (lf < 0) {
            return INCOMPLETE;
        }
        int lineEnd = lf + 1;
        switch (type) {
            case '$', '!', '=' -> {
                long len = parseLong(in, i + 1, lf - 1);
                if (len < 0) {
                    return lineEnd;
                }
                long end = lineEnd + len + 2;
                return end <= limit ? (int) end : INCOMPLETE;
            }
            case '*', '~', '>', '%' -> {
                long n = parseLong(in, i + 1, lf - 1);
                if (type == '%') {
                    n *= 2;
                }
                int at = lineEnd;
                for (long k = 0; k < n; k++) {
                    at = skipReply(in, at);
                    if (at == INCOMPLETE) {
                        return INCOMPLETE;
                    }
                }
                return at;
            }
            default -> {
                return lineEnd; // + - : _ , # ( and inline
            }
        }
    }

    private static long parseLong(ByteBuf in, int from, int to) {
        long v = 0;
        boolean neg = false;
        for (int j = from; j < to; j++) {
            byte b = in.getByte(j);
            if (b == '-') {
                neg = true;
            } else {
                v = v * 10 + (b - '0');
            }
        }
        return neg ? -v : v;
    }
}
