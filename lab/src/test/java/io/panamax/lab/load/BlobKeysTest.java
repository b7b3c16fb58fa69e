package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlobKeysTest {

    @Test
    void keysAreMasterPathsAndValuesTheirAsciiCounterparts() {
        SplittableRandom r = new SplittableRandom(1);
        assertThat(BlobKeys.key(r)).matches("/benchmark-\\d{1,19}");
        assertThat(new String(BlobKeys.value(r), StandardCharsets.US_ASCII)).matches("value-\\d{1,19}");
    }

    @Test
    void theSameSeedGivesTheSameKeysAndWorkersGetDistinctSeeds() {
        assertThat(BlobKeys.key(new SplittableRandom(5))).isEqualTo(BlobKeys.key(new SplittableRandom(5)));
        Set<Long> seeds = new HashSet<>();
        for (int w = 0; w < 64; w++) {
            seeds.add(BlobKeys.workerSeed(99, w));
        }
        assertThat(seeds).hasSize(64);
    }

    @Test
    void workersOfOneRunDrawDistinctKeys() {
        Set<String> keys = new HashSet<>();
        for (int w = 0; w < 16; w++) {
            SplittableRandom r = new SplittableRandom(BlobKeys.workerSeed(3, w));
            for (int i = 0; i < 2_000; i++) {
                keys.add(BlobKeys.key(r));
            }
        }
        assertThat(keys).hasSize(32_000);
    }
}
