package io.panamax.protocol.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CacheReplyEncoderTest {
  @Test
  void encodesAHitWithEscapesAndRawUtf8AndNoTrailingNewline() {
    ByteBuf out = Unpooled.buffer();
    byte[] value = "q\"b\\n\n\u0001\u007f caf\u00e9".getBytes(StandardCharsets.UTF_8);
    CacheReplyEncoder.hit(out, "k\u00e9".getBytes(StandardCharsets.UTF_8), MemorySegment.ofArray(value), 0,
        value.length);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
        "{\"status\":\"OK\",\"message\":\"\",\"key\":\"k\u00e9\",\"value\":\"q\\\"b\\\\n\\n\\u0001\u007f caf\u00e9\"}");
  }

  @Test
  void fixedRepliesAreTheSpecsBytes() {
    assertThat(new String(CacheReplyEncoder.SET_OK, StandardCharsets.US_ASCII)).isEqualTo(
        "{\"status\":\"OK\",\"message\":\"Key inserted/updated successfully.\",\"key\":null,\"value\":null}");
    assertThat(new String(CacheReplyEncoder.NOT_FOUND, StandardCharsets.US_ASCII))
        .isEqualTo("{\"status\":\"OK\",\"message\":\"Key not found.\",\"key\":null,\"value\":null}");
    assertThat(new String(CacheReplyEncoder.INVALID, StandardCharsets.US_ASCII))
        .isEqualTo("{\"status\":\"ERROR\",\"message\":\"Invalid request format.\",\"key\":null,\"value\":null}");
  }
}
