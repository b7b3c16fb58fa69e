package io.panamax.engine.lsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeysTest {
    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void comparesAsUnsignedBytesWithShorterPrefixFirst() {
        assertThat(Keys.compare(MemorySegment.ofArray(new byte[] {1}), MemorySegment.ofArray(new byte[] {(byte) 0x80})))
                .isNegative();
        assertThat(Keys.compare(MemorySegment.ofArray(b("ab")), MemorySegment.ofArray(b("abc")))).isNegative();
        assertThat(Keys.compare(MemorySegment.ofArray(b("abc")), MemorySegment.ofArray(b("abc")))).isZero();
    }

    @Test
    void shortestSeparatorLiesBetweenTheTwoKeys() {
        assertThat(Keys.shortestSeparator(b("apple-long-key"), MemorySegment.ofArray(b("avocado")))).isEqualTo(b("aq"));
        assertThat(Keys.shortestSeparator(b("abc"), MemorySegment.ofArray(b("abd")))).isEqualTo(b("abc"));
        assertThat(Keys.shortestSeparator(b("ab"), MemorySegment.ofArray(b("abc")))).isEqualTo(b("ab"));
        long seed = TestSeeds.seed("shortestSeparatorLiesBetweenTheTwoKeys");
        Random rnd = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            byte[] x = new byte[1 + rnd.nextInt(6)];
            byte[] y = new byte[1 + rnd.nextInt(6)];
            for (int j = 0; j < x.length; j++) {
                x[j] = (byte) (rnd.nextInt(3) == 0 ? 0xFF : rnd.nextInt(4));
            }
            for (int j = 0; j < y.length; j++) {
                y[j] = (byte) (rnd.nextInt(3) == 0 ? 0xFF : rnd.nextInt(4));
            }
            int c = Arrays.compareUnsigned(x, y);
            if (c == 0) {
                continue;
            }
            byte[] lo = c < 0 ? x : y;
            byte[] hi = c < 0 ? y : x;
            byte[] s = Keys.shortestSeparator(lo, MemorySegment.ofArray(hi));
            assertThat(Arrays.compareUnsigned(lo, s)).isLessThanOrEqualTo(0);
            assertThat(Arrays.compareUnsigned(s, hi)).isNegative();
            assertThat(s.length).isLessThanOrEqualTo(lo.length);
        }
    }

    @Test
    void prefixSuccessorSkipsTrailingFfBytes() {
        assertThat(Keys.prefixSuccessor(new byte[] {1, (byte) 0xFF})).containsExactly(2);
        assertThat(Keys.prefixSuccessor(new byte[] {(byte) 0xFF})).isNull();
    }
}
