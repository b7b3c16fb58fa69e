package io.panamax.protocol.resp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Timeouts as redis-server 7.0.15 reads them (measured with redis-cli; see BlockingTimeout). */
class BlockingTimeoutTest {
    @Test
    void secondsBecomeMillisecondsRoundedUp() {
        assertThat(BlockingTimeout.parseMillis("0")).isZero();
        assertThat(BlockingTimeout.parseMillis("1")).isEqualTo(1000);
        assertThat(BlockingTimeout.parseMillis("0.5")).isEqualTo(500);
        assertThat(BlockingTimeout.parseMillis("0.0001")).isEqualTo(1);
        assertThat(BlockingTimeout.parseMillis("1e-400")).isEqualTo(1);
        assertThat(BlockingTimeout.parseMillis("0x1p-2")).isEqualTo(250);
    }

    @Test
    void tinyNegativesRoundToZeroWhichBlocksForever() {
        assertThat(BlockingTimeout.parseMillis("-0.0001")).isZero();
        assertThat(BlockingTimeout.parseMillis("-0")).isZero();
        // the long double nearest 0.001 is below it: -0.001 * 1000 rounds up to -0, and redis-server blocks forever
        assertThat(BlockingTimeout.parseMillis("-0.001")).isZero();
    }

    @Test
    void negativesAndOverflowsAreNegative() {
        assertThat(BlockingTimeout.parseMillis("-1")).isEqualTo(-2);
        assertThat(BlockingTimeout.parseMillis("-0.0015")).isEqualTo(-2);
        assertThat(BlockingTimeout.parseMillis("inf")).isEqualTo(-2);
        assertThat(BlockingTimeout.parseMillis("-inf")).isEqualTo(-2);
        assertThat(BlockingTimeout.parseMillis("1e400")).isEqualTo(-2);
        assertThat(BlockingTimeout.parseMillis("9223372036854776")).isEqualTo(-2);
        assertThat(BlockingTimeout.parseMillis("9223372036854775")).isPositive();
        assertThat(BlockingTimeout.error(-2)).isEqualTo("ERR timeout is negative");
    }

    @Test
    void notAFloatIsRejected() {
        for (String bad : new String[] {"abc", "", " 1", "1 ", "nan", "1f", "--1"}) {
            assertThat(BlockingTimeout.parseMillis(bad)).as(bad).isEqualTo(-1);
        }
        assertThat(BlockingTimeout.error(-1)).isEqualTo("ERR timeout is not a float or out of range");
    }
}
