package io.panamax.lab.jmh;

import java.util.stream.Collectors;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One benchmark's numbers for the report.
 *
 * @param benchmark simple class name and method, e.g. {@code KeyspaceBenchmark.keyspaceGetHitNative}
 * @param params JMH parameters as {@code k=v} joined by commas, or "" when none
 * @param mode JMH's short label of the benchmark mode: {@code avgt} (average time over timed iterations) or {@code ss}
 *     (single shot: one invocation per iteration, divided by its operations)
 * @param score primary score (mean over measurement iterations)
 * @param error half-width of JMH's 99.9% confidence interval; NaN with fewer than two iterations
 * @param best lowest measurement iteration (the least disturbed one on a shared machine, for time per operation)
 * @param unit unit of score and error, e.g. {@code ns/op}
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} in bytes per operation; NaN without {@code -prof gc}
 */
public record JmhRow(String benchmark, String params, String mode, double score, double error, double best,
        String unit, double allocBytesPerOp) {

    /** Secondary result name of the GC profiler's allocation per operation. */
    static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /** The row of one JMH run result. */
    static JmhRow of(RunResult run) {
        var p = run.getParams();
        String name = p.getBenchmark();
        int method = name.lastIndexOf('.');
        int cls = name.lastIndexOf('.', method - 1);
        String params = p.getParamsKeys().stream().map(k -> k + "=" + p.getParam(k)).collect(Collectors.joining(","));
        Result<?> primary = run.getPrimaryResult();
        Result<?> alloc = run.getSecondaryResults().get(ALLOC_NORM);
        return new JmhRow(name.substring(cls + 1), params, p.getMode().shortLabel(), primary.getScore(),
                primary.getScoreError(),
                primary.getStatistics().getMin(), primary.getScoreUnit(), alloc == null ? Double.NaN : alloc.getScore());
    }
}
