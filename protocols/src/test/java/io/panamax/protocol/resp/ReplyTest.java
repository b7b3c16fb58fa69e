package io.panamax.protocol.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReplyTest {
    private static String encode(int protocol, Consumer<Reply> write) {
        ByteBuf buf = Unpooled.buffer();
        write.accept(new Reply().target(buf, protocol));
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesRESP2Types() {
        assertThat(encode(2, Reply::ok)).isEqualTo("+OK\r\n");
        assertThat(encode(2, r -> r.integer(-42))).isEqualTo(":-42\r\n");
        assertThat(encode(2, r -> r.integer(Long.MIN_VALUE))).isEqualTo(":-9223372036854775808\r\n");
        assertThat(encode(2, r -> r.integer(1234567890123L))).isEqualTo(":1234567890123\r\n");
        assertThat(encode(2, Reply::nullBulk)).isEqualTo("$-1\r\n");
        assertThat(encode(2, Reply::nullArray)).isEqualTo("*-1\r\n");
        assertThat(encode(2, r -> r.map(2))).isEqualTo("*4\r\n");
        assertThat(encode(2, r -> r.doubleValue(1.5))).isEqualTo("$3\r\n1.5\r\n");
        assertThat(encode(2, r -> r.bool(true))).isEqualTo(":1\r\n");
        assertThat(encode(2, r -> r.error("ERR bad\r\nthing"))).isEqualTo("-ERR bad  thing\r\n");
    }

    @Test
    void encodesRESP3Types() {
        assertThat(encode(3, Reply::nullBulk)).isEqualTo("_\r\n");
        assertThat(encode(3, Reply::nullArray)).isEqualTo("_\r\n");
        assertThat(encode(3, r -> r.map(2))).isEqualTo("%2\r\n");
        assertThat(encode(3, r -> r.set(3))).isEqualTo("~3\r\n");
        assertThat(encode(3, r -> r.doubleValue(Double.NEGATIVE_INFINITY))).isEqualTo(",-inf\r\n");
        assertThat(encode(3, r -> r.bool(false))).isEqualTo("#f\r\n");
        assertThat(encode(3, r -> r.verbatim("a"))).isEqualTo("=5\r\ntxt:a\r\n");
    }

    @Test
    void copiesBulkFromOffHeapIntoDirectAndHeapBuffers() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(16);
            seg.setString(0, "hello world");
            ByteBuf direct = Unpooled.directBuffer(1);
            new Reply().target(direct, 2).bulk(seg, 6, 5);
            assertThat(direct.toString(StandardCharsets.US_ASCII)).isEqualTo("$5\r\nworld\r\n");
            ByteBuf heap = Unpooled.buffer(1);
            new Reply().target(heap, 2).bulk(seg, 0, 5);
            assertThat(heap.toString(StandardCharsets.US_ASCII)).isEqualTo("$5\r\nhello\r\n");
        }
    }
}
