package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConnectionSeedTest {

    /** 100 connections x 1,000 keys over a 100,000-key space must touch about 100,000 * (1 - e^-1) keys. */
    @Test
    void connectionsDrawIndependentKeys() {
        Set<Long> keys = new HashSet<>();
        for (int c = 0; c < 100; c++) {
            SplittableRandom r = new SplittableRandom(LoadGenerator.connectionSeed(c));
            for (int i = 0; i < 1000; i++) {
                keys.add(r.nextLong(100_000));
            }
        }
        assertThat(keys.size()).isBetween(60_000, 66_000);
    }
}
