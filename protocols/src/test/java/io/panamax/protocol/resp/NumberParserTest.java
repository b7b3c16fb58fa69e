package io.panamax.protocol.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NumberParserTest {
    private static ByteBuf b(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "9223372036854775807", "-9223372036854775808", "123456"})
    void acceptsRedisIntegers(String text) {
        ByteBuf buf = b(text);
        assertThat(NumberParser.isLong(buf, 0, text.length())).isTrue();
        assertThat(NumberParser.parseLong(buf, 0, text.length())).isEqualTo(Long.parseLong(text));
        assertThat(NumberParser.parseLongOr(MemorySegment.ofArray(text.getBytes()), 0, text.length(), 7)).isEqualTo(Long.parseLong(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", " 1", "1 ", "01", "-0", "1.0", "9223372036854775808", "-9223372036854775809", "abc", "1e3"})
    void rejectsWhatRedisRejects(String text) {
        assertThat(NumberParser.isLong(b(text), 0, text.length())).isFalse();
        assertThat(NumberParser.parseLongOr(MemorySegment.ofArray(text.getBytes()), 0, text.length(), 7)).isEqualTo(7);
    }

    @Test
    void parsesFloatsAsRedisDoes() {
        assertThat(NumberParser.parseDouble("1.5")).isEqualTo(1.5);
        assertThat(NumberParser.parseDouble("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NumberParser.parseDouble("+inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(NumberParser.parseDouble("1e3")).isEqualTo(1000);
        assertThat(NumberParser.parseDouble("nan")).isNaN();
        assertThat(NumberParser.parseDouble("1.5f")).isNaN();
        assertThat(NumberParser.parseDouble(" 1")).isNaN();
        assertThat(NumberParser.parseDouble("")).isNaN();
    }

    @Test
    void plainIntegersParseAsStrtodWouldIncludingNegativeZeroAndLongDigitRuns() {
        assertThat(NumberParser.parseDouble("0")).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(NumberParser.parseDouble("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(NumberParser.parseDouble("000000012345678")).isEqualTo(12345678.0);
        assertThat(NumberParser.parseDouble("-999999999999999")).isEqualTo(-999999999999999.0);
        assertThat(NumberParser.parseDouble("12345678901234567890")).isEqualTo(12345678901234567890.0); // slow path
        assertThat(NumberParser.parseDouble("+5")).isEqualTo(5.0);
        assertThat(NumberParser.parseDouble("-")).isNaN();
        assertThat(NumberParser.parseDouble("5-")).isNaN();
        assertThat(NumberParser.parseDouble("1 ")).isNaN();
    }

    @Test
    void formatsDoublesAsRedisDoes() {
        assertThat(NumberParser.formatDouble(3.0)).isEqualTo("3");
        assertThat(NumberParser.formatDouble(1.5)).isEqualTo("1.5");
        assertThat(NumberParser.formatDouble(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(NumberParser.formatIncrFloat(10.6)).isEqualTo("10.6");
        assertThat(NumberParser.formatIncrFloat(5.0e3)).isEqualTo("5000");
        assertThat(NumberParser.formatIncrFloat(1.0e-5)).isEqualTo("0.00001");
    }

    @Test
    void formatsScoresAsPercentPoint17g() {
        assertThat(NumberParser.formatScore(0.1)).isEqualTo("0.10000000000000001");
        assertThat(NumberParser.formatScore(1.5)).isEqualTo("1.5");
        assertThat(NumberParser.formatScore(3)).isEqualTo("3");
        assertThat(NumberParser.formatScore(-2.25)).isEqualTo("-2.25");
        assertThat(NumberParser.formatScore(1e20)).isEqualTo("1e+20");
        assertThat(NumberParser.formatScore(1e-5)).isEqualTo("1.0000000000000001e-05");
        assertThat(NumberParser.formatScore(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
        assertThat(NumberParser.formatScore(0.30000000000000004)).isEqualTo("0.30000000000000004");
        assertThat(NumberParser.formatScore(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(NumberParser.formatScore(0)).isEqualTo("0");
        assertThat(NumberParser.formatScore(-12345678)).isEqualTo("-12345678");
        assertThat(NumberParser.formatScore(9007199254740993.0)).isEqualTo("9007199254740992");
        assertThat(NumberParser.formatScore(99999999999999984.0)).isEqualTo("99999999999999984");
        assertThat(NumberParser.formatScore(1e17)).isEqualTo("1e+17");
    }
}
