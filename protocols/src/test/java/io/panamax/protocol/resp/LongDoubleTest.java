package io.panamax.protocol.resp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LongDoubleTest {
    @Test
    void addsInLongDoublePrecisionAsRedisPrints() {
        // Expected values are redis-server 7.0 INCRBYFLOAT replies on x86-64.
        assertThat(LongDouble.add("10.5", "0.1")).isEqualTo("10.6");
        assertThat(LongDouble.add("10.6", "-5")).isEqualTo("5.6");
        assertThat(LongDouble.add("5.6", "5.0e3")).isEqualTo("5005.60000000000000009");
        assertThat(LongDouble.add("0", "3")).isEqualTo("3");
        assertThat(LongDouble.add("1", "-1")).isEqualTo("0");
        assertThat(LongDouble.add("0", "1e20")).isEqualTo("100000000000000000000");
        assertThat(LongDouble.add("1.1", "2.2")).isEqualTo("3.3");
        assertThat(LongDouble.add("3.3", "1e-20")).isEqualTo("3.3");
    }

    @Test
    void rejectsNonDecimals() {
        assertThat(LongDouble.add("abc", "1")).isNull();
    }
}
