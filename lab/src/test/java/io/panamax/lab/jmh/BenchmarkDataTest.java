package io.panamax.lab.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.panamax.protocol.resp.RespCommand;
import io.panamax.protocol.resp.RespDecoder;
import io.panamax.protocol.resp.RespLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchmarkDataTest {

    @Test
    void keysAreSixteenAsciiBytesAndMissKeysNeverHit() {
        assertThat(new String(BenchmarkData.hitKey(42), StandardCharsets.US_ASCII)).isEqualTo("key:000000000042");
        assertThat(new String(BenchmarkData.missKey(42), StandardCharsets.US_ASCII)).isEqualTo("miss:00000000042");
        assertThat(BenchmarkData.hitKey(999_999)).hasSize(BenchmarkData.KEY_BYTES);
    }

    @Test
    void indexSequenceStaysInBoundsAndRepeatsFromTheSameSeed() {
        var a = new BenchmarkData.IndexSequence(1000);
        var b = new BenchmarkData.IndexSequence(1000);
        for (int i = 0; i < 10_000; i++) {
            int next = a.next();
            assertThat(next).isBetween(0, 999).isEqualTo(b.next());
        }
    }

    @Test
    void byteArrayKeysCompareContentNotIdentity() {
        assertThat(new ByteArrayKey(BenchmarkData.hitKey(7))).isEqualTo(new ByteArrayKey(BenchmarkData.hitKey(7)))
                .hasSameHashCodeAs(new ByteArrayKey(BenchmarkData.hitKey(7)))
                .isNotEqualTo(new ByteArrayKey(BenchmarkData.hitKey(8)));
    }

    @Test
    void batchIsSixteenSetCommandsWithTheKeyAndA64ByteValue() throws Exception {
        var buf = Unpooled.wrappedBuffer(RespDecoderBenchmark.batchBytes("SET"));
        var decoder = new RespDecoder(RespLimits.DEFAULTS);
        int n = 0;
        for (RespCommand c; (c = decoder.decode(buf)) != null; n++) {
            assertThat(c.argCount()).isEqualTo(3);
            assertThat(c.argString(1)).isEqualTo("key:000000000042");
            assertThat(c.length(2)).isEqualTo(BenchmarkData.VALUE_BYTES);
        }
        assertThat(n).isEqualTo(RespDecoderBenchmark.BATCH);
    }
}
