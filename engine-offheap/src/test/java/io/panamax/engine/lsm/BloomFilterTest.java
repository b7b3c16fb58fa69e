package io.panamax.engine.lsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BloomFilterTest {
    private static final int KEYS = 100_000;

    private static MemorySegment key(String prefix, int i) {
        return MemorySegment.ofArray((prefix + i).getBytes(StandardCharsets.UTF_8));
    }

    private static long[] hashes(String prefix, int n) {
        long[] h = new long[n];
        for (int i = 0; i < n; i++) {
            h[i] = Keys.hash64(key(prefix, i));
        }
        return h;
    }

    @Test
    void everyAddedKeyMayBeContained() {
        MemorySegment filter = MemorySegment.ofArray(BloomFilter.build(hashes("key:", KEYS), KEYS, 10));
        for (int i = 0; i < KEYS; i++) {
            assertThat(BloomFilter.mayContain(filter, Keys.hash64(key("key:", i)))).as("key:%d", i).isTrue();
        }
    }

    @Test
    void falsePositiveRateAtTenBitsPerKeyIsAboutOnePercent() {
        MemorySegment filter = MemorySegment.ofArray(BloomFilter.build(hashes("key:", KEYS), KEYS, 10));
        int falsePositives = 0;
        for (int i = 0; i < KEYS; i++) {
            if (BloomFilter.mayContain(filter, Keys.hash64(key("absent:", i)))) {
                falsePositives++;
            }
        }
        // A cache-line blocked filter with 7 probes at 10 bits/key: ~1.0-1.2% (a flat one: ~0.8%).
        assertThat(falsePositives).isBetween(KEYS / 200, KEYS / 60);
    }

    @Test
    void filterIsWholeCacheLinesAndItsProbeCount() {
        byte[] filter = BloomFilter.build(hashes("k", 1000), 1000, 10);
        assertThat((filter.length - 1) % BloomFilter.LINE_BYTES).isZero();
        assertThat(filter.length - 1).isGreaterThanOrEqualTo(1000 * 10 / 8);
        assertThat(filter[filter.length - 1]).isEqualTo((byte) BloomFilter.probes(10));
    }

    @Test
    void anEmptyOrDisabledFilterMatchesEverything() {
        assertThat(BloomFilter.mayContain(MemorySegment.ofArray(new byte[0]), 42)).isTrue();
        assertThat(BloomFilter.mayContainV1(MemorySegment.ofArray(new byte[0]), 42)).isTrue();
    }

    @Test
    void aFilterOfNoKeysMatchesNothingMuch() {
        MemorySegment filter = MemorySegment.ofArray(BloomFilter.build(new long[0], 0, 10));
        int hits = 0;
        for (int i = 0; i < 1000; i++) {
            hits += BloomFilter.mayContain(filter, Keys.hash64(key("x", i))) ? 1 : 0;
        }
        assertThat(hits).isZero();
    }
}
