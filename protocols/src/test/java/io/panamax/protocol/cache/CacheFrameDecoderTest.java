package io.panamax.protocol.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheFrameDecoderTest {
  private static final String PIPELINE = "{\"key\":\"a\",\"value\":\"x}y{\\\"z\"}\n  {\"key\":\"b\"}\r\n"
      + "\t{\"key\":\"c\",\"nested\":{\"o\":[1,{\"p\":\"]\"}]}}hello\n{\"key\":\"d\\\\\"}";

  /** Decodes {@code text} fed in pieces of the given split points; returns "O:frame" / "G:line" per frame. */
  private static List<String> frames(String text, int... splits) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    CacheFrameDecoder decoder = new CacheFrameDecoder(1 << 20);
    ByteBuf cum = Unpooled.buffer();
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= splits.length; i++) {
      int to = i < splits.length ? splits[i] : bytes.length;
      cum.writeBytes(bytes, from, to - from);
      from = to;
      while (true) {
        int status = decoder.decode(cum);
        if (status == CacheFrameDecoder.NEED_MORE) {
          break;
        }
        assertThat(status).isIn(CacheFrameDecoder.OBJECT, CacheFrameDecoder.GARBAGE);
        String frame = cum.toString(cum.readerIndex(), decoder.frameLength(), StandardCharsets.UTF_8);
        out.add((status == CacheFrameDecoder.OBJECT ? "O:" : "G:") + frame);
        cum.skipBytes(decoder.frameLength());
      }
    }
    return out;
  }

  @Test
  void framesPipelinedObjectsWithBracesInsideStringsAndSkipsWhitespace() {
    assertThat(frames(PIPELINE)).containsExactly(
        "O:{\"key\":\"a\",\"value\":\"x}y{\\\"z\"}",
        "O:{\"key\":\"b\"}",
        "O:{\"key\":\"c\",\"nested\":{\"o\":[1,{\"p\":\"]\"}]}}",
        "G:hello\n",
        "O:{\"key\":\"d\\\\\"}");
  }

  @Test
  void givesTheSameFramesWhenSplitAtEveryByte() {
    List<String> whole = frames(PIPELINE);
    int length = PIPELINE.getBytes(StandardCharsets.UTF_8).length;
    for (int split = 1; split < length; split++) {
      assertThat(frames(PIPELINE, split)).as("split at %d", split).isEqualTo(whole);
    }
    int[] everyByte = new int[length - 1];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = i + 1;
    }
    assertThat(frames(PIPELINE, everyByte)).isEqualTo(whole);
  }

  @Test
  void reportsAnObjectOverTheLimitBeforeItEnds() {
    CacheFrameDecoder decoder = new CacheFrameDecoder(100);
    ByteBuf buf = Unpooled.copiedBuffer("{\"key\":\"" + "x".repeat(85), StandardCharsets.US_ASCII);
    assertThat(decoder.decode(buf)).isEqualTo(CacheFrameDecoder.NEED_MORE);
    buf.writeCharSequence("x".repeat(10), StandardCharsets.US_ASCII);
    assertThat(decoder.decode(buf)).isEqualTo(CacheFrameDecoder.TOO_LARGE);
    CacheFrameDecoder exact = new CacheFrameDecoder(100);
    String fits = "{\"key\":\"" + "x".repeat(90) + "\"}";
    assertThat(fits).hasSize(100);
    assertThat(exact.decode(Unpooled.copiedBuffer(fits, StandardCharsets.US_ASCII))).isEqualTo(CacheFrameDecoder.OBJECT);
    assertThat(new CacheFrameDecoder(100).decode(Unpooled.copiedBuffer("g".repeat(101), StandardCharsets.US_ASCII)))
        .isEqualTo(CacheFrameDecoder.TOO_LARGE);
  }
}
