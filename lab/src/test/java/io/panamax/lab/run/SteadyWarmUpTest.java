package io.panamax.lab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyWarmUpTest {

    @Test
    void aServerWithoutJitStopsAfterTheMinimum() throws Exception {
        List<Double> rates = SteadyWarmUp.run(() -> 63_000.0);
        assertEquals(SteadyWarmUp.MIN_PASSES, rates.size());
    }

    @Test
    void aWarmingServerRunsUntilTwoPassesInARowStopImproving() throws Exception {
        // The REST GET warm-up curve measured on one pinned CPU (5 s passes), then a plateau with noise.
        Iterator<Double> curve = List.of(5_996.0, 15_948.0, 42_104.0, 60_544.0, 64_372.0, 73_082.0, 83_462.0,
                77_048.0, 84_500.0, 99_999.0).iterator();
        List<Double> rates = SteadyWarmUp.run(curve::next);
        assertEquals(9, rates.size(), "stops after 77,048 and 84,500: neither beats 83,462 by more than 3%");
    }

    @Test
    void aNoisyDipDoesNotEndTheWarmUpWhileTheRateStillClimbs() {
        assertFalse(SteadyWarmUp.steady(List.of(10_000.0, 30_000.0, 25_000.0, 40_000.0, 45_000.0)));
        assertFalse(SteadyWarmUp.steady(List.of(10_000.0, 20_000.0, 30_000.0, 25_000.0, 40_000.0)),
                "one dip is not a plateau");
        assertTrue(SteadyWarmUp.steady(List.of(10_000.0, 30_000.0, 25_000.0, 30_500.0, 29_000.0)));
        assertFalse(SteadyWarmUp.steady(List.of(30_000.0, 12_000.0, 11_000.0)),
                "two early dips (a noisy machine) do not end the warm-up before the minimum");
    }

    @Test
    void stopsAtTheBoundAndSaysItWasNotSteady() throws Exception {
        List<Double> climbing = new ArrayList<>();
        List<Double> rates = SteadyWarmUp.run(() -> {
            double r = 1000.0 * (climbing.size() + 1);
            climbing.add(r);
            return r;
        });
        assertEquals(SteadyWarmUp.MAX_PASSES, rates.size());
        assertTrue(SteadyWarmUp.describe(rates).endsWith("rps (not steady)"), SteadyWarmUp.describe(rates));
        assertEquals("3 passes: 5,996 / 15,948 / 42,104 rps", SteadyWarmUp.describe(List.of(5_996.0, 15_948.0, 42_104.0)));
    }
}
