package io.panamax.protocol.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheRequestDecoderTest {
  private static CacheRequest decode(String json) {
    ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    CacheRequest r = new CacheRequest();
    new CacheRequestDecoder().decode(buf, 0, buf.readableBytes(), r);
    return r;
  }

  private static String utf8(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void valueMeansSetAndNoValueOrNullMeansGet() {
    CacheRequest set = decode("{\"key\": \"k\", \"value\": \"v\"}");
    assertThat(set.op).isEqualTo(CacheRequest.SET);
    assertThat(utf8(set.key)).isEqualTo("k");
    assertThat(utf8(set.value)).isEqualTo("v");
    assertThat(decode("{\"key\":\"k\"}").op).isEqualTo(CacheRequest.GET);
    assertThat(decode("{\"key\":\"k\",\"value\":null}").op).isEqualTo(CacheRequest.GET);
    assertThat(decode(" {\"value\":\"v\" , \"key\":\"k\", \"extra\": [1, -2.5e3, {\"a\": true}, false, null]} ").op)
        .isEqualTo(CacheRequest.SET);
  }

  @Test
  void readsOpAndTtl() {
    assertThat(decode("{\"key\":\"k\",\"op\":\"del\"}").op).isEqualTo(CacheRequest.DEL);
    assertThat(decode("{\"key\":\"k\",\"op\":\"ttl\"}").op).isEqualTo(CacheRequest.TTL);
    assertThat(decode("{\"op\":\"ping\"}").op).isEqualTo(CacheRequest.PING);
    assertThat(decode("{\"key\":\"k\",\"op\":\"get\",\"value\":\"ignored\"}").op).isEqualTo(CacheRequest.GET);
    CacheRequest ttl = decode("{\"key\":\"k\",\"value\":\"v\",\"ttl_ms\":1500}");
    assertThat(ttl.op).isEqualTo(CacheRequest.SET);
    assertThat(ttl.ttlMs).isEqualTo(1500);
    assertThat(decode("{\"key\":\"k\",\"value\":\"v\",\"ttl_ms\":null}").ttlMs).isZero();
  }

  @Test
  void unescapesStringsIncludingSurrogatePairsAndKeepsRawUtf8() {
    CacheRequest r = decode("{\"key\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20ac\\ud83d\\ude00\","
        + "\"value\":\"caf\u00e9 \u20ac \ud83d\ude00\"}");
    assertThat(utf8(r.key)).isEqualTo("a\"b\\c/d\b\f\n\r\tA\u00e9\u20ac\ud83d\ude00");
    assertThat(utf8(r.value)).isEqualTo("caf\u00e9 \u20ac \ud83d\ude00");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{}", "{\"key\":1}", "{\"key\":\"k\",\"value\":2}", "{\"key\":\"k\",\"op\":\"nope\"}",
    "{\"key\":\"k\",\"op\":\"set\"}", "{\"value\":\"v\"}", "{\"key\":\"k\",}", "{\"key\" \"k\"}",
    "{\"key\":\"k\"}x", "{\"key\":\"k\\x\"}", "{\"key\":\"\\ud83d\"}", "{\"key\":\"\\ude00\"}",
    "{\"key\":\"\\u12\"}", "{\"key\":\"a\tb\"}", "{\"key\":\"k\",\"ttl_ms\":1.5}", "{\"key\":\"k\",\"ttl_ms\":-1}",
    "{\"key\":\"k\",\"ttl_ms\":0}", "{\"key\":\"k\",\"ttl_ms\":\"5\"}", "{\"key\":\"k\",\"x\":01}",
    "{\"key\":\"k\",\"x\":tru}", "{\"key\":\"k\",\"x\":[1,]}", "{\"key\":\"k\",\"op\":null,\"x\":{\"a\"}}",
    "{\"key\":\"k\",\"ttl_ms\":99999999999999999999}"
  })
  void rejectsMalformedOrMistypedRequests(String json) {
    assertThat(decode(json).op).as(json).isEqualTo(CacheRequest.INVALID);
  }
}
