package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ReplyScannerTest {

    static final String RESP = "+OK\r\n$5\r\nhello\r\n$-1\r\n:42\r\n-ERR no\r\n*2\r\n$1\r\na\r\n*1\r\n:1\r\n$0\r\n\r\n";
    static final String CACHE = "{\"status\":\"OK\",\"message\":\"Key inserted/updated successfully.\",\"key\":null,\"value\":null}"
            + "{\"status\":\"OK\",\"message\":\"\",\"key\":\"k\",\"value\":\"a}b\\\"{\"}"
            + "{\"status\":\"ERROR\",\"message\":\"Invalid request format.\",\"key\":null,\"value\":null}";

    /** Feeds {@code text} split at every byte boundary and checks the total reply and error counts. */
    static void splitEverywhere(String text, Supplier<ReplyScanner> scanners, int replies, int errors) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            ReplyScanner s = scanners.get();
            ByteBuf buf = Unpooled.buffer();
            buf.writeBytes(bytes, 0, cut);
            int n = s.scan(buf);
            buf.writeBytes(bytes, cut, bytes.length - cut);
            n += s.scan(buf);
            assertThat(n).as("cut=%d", cut).isEqualTo(replies);
            assertThat(s.errors()).as("cut=%d", cut).isEqualTo(errors);
            assertThat(buf.isReadable()).as("cut=%d", cut).isFalse();
        }
    }

    @Test
    void countsRespRepliesSplitAtEveryByte() {
        splitEverywhere(RESP, RespReplyScanner::new, 7, 1);
    }

    @Test
    void countsCacheRepliesSplitAtEveryByteWithBracesInsideStrings() {
        splitEverywhere(CACHE, CacheReplyScanner::new, 3, 1);
    }

    @Test
    void encodesRedisBenchmarkStyleKeysAndRequests() {
        ByteBuf out = Unpooled.buffer();
        new RespWorkload(3).encode(out, true, 42);
        assertThat(out.toString(StandardCharsets.US_ASCII))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000042\r\n$3\r\nxxx\r\n");
        out.clear();
        new CacheWorkload(20).encode(out, false, 7);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("{\"key\":\"key:000000000007\"}\n");
        out.clear();
        new CacheWorkload(20).encode(out, true, 7);
        assertThat(out.readableBytes()).isBetween(45, 60);
    }
}
