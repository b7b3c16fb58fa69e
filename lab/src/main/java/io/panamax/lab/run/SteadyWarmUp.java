package io.panamax.lab.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Untimed warm-up that runs until a server's throughput is steady, the same rule for every server: at least
 * {@link #MIN_PASSES} passes of the row's own load, repeated until {@link #PLATEAU} passes in a row fail to beat the
 * best pass so far by more than {@link #GAIN}, or {@link #MAX_PASSES} passes ran. A server without a JIT (nginx,
 * redis-server) stops at or soon after the minimum (nginx: 5-7 passes here); a JVM server runs until its hot path is
 * compiled, which on one pinned CPU took about 30 s of load for the REST GET path (a fixed 3 s warm-up measured it at
 * a fifth of its steady rate). The minimum keeps a dip of this noisy machine early in the climb from ending the
 * warm-up (JMH's default is a fixed 5 warm-up iterations); the rate of every pass is reported.
 */
final class SteadyWarmUp {

    /** Relative improvement over the best pass so far that counts as still warming up. */
    static final double GAIN = 0.03;
    /** Consecutive passes without such an improvement that end the warm-up. */
    static final int PLATEAU = 2;
    /** Passes before the plateau rule applies. */
    static final int MIN_PASSES = 5;
    /** Upper bound on passes (a server whose rate keeps climbing, or a noisy machine). */
    static final int MAX_PASSES = 15;

    /** One untimed pass of load; returns the throughput it measured, in requests per second. */
    @FunctionalInterface
    interface Pass {
        double run() throws IOException, InterruptedException;
    }

    private SteadyWarmUp() {}

    /** Runs passes until {@link #steady} or {@link #MAX_PASSES}; returns the rate of every pass, in order. */
    static List<Double> run(Pass pass) throws IOException, InterruptedException {
        List<Double> rates = new ArrayList<>();
        while (rates.size() < MAX_PASSES && !steady(rates)) {
            rates.add(pass.run());
        }
        return rates;
    }

    /**
     * Whether at least {@link #MIN_PASSES} ran and the last {@link #PLATEAU} rates each failed to beat every earlier
     * rate by more than {@link #GAIN}.
     */
    static boolean steady(List<Double> rates) {
        if (rates.size() < Math.max(MIN_PASSES, PLATEAU + 1)) {
            return false;
        }
        double best = 0;
        for (int i = 0; i < rates.size() - PLATEAU; i++) {
            best = Math.max(best, rates.get(i));
        }
        for (int i = rates.size() - PLATEAU; i < rates.size(); i++) {
            double r = rates.get(i);
            if (r > best * (1 + GAIN)) {
                return false;
            }
            best = Math.max(best, r);
        }
        return true;
    }

    /** The rates for a report: {@code "3 passes: 5,996 / 15,948 / 42,104 rps"}. */
    static String describe(List<Double> rates) {
        StringBuilder b = new StringBuilder().append(rates.size()).append(rates.size() == 1 ? " pass: " : " passes: ");
        for (int i = 0; i < rates.size(); i++) {
            b.append(i == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%,.0f", rates.get(i)));
        }
        return b.append(" rps").append(rates.size() >= MAX_PASSES && !steady(rates) ? " (not steady)" : "")
                .toString();
    }
}
