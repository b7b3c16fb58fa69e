package io.panamax.lab.load;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.HdrHistogram.Histogram;

/**
 * Result of one test (SET, GET, MIX…) of one load-tool run. Latencies in milliseconds; {@code NaN} when the
 * tool does not report a value.
 *
 * @param test test name in upper case
 * @param requests requests completed
 * @param rps requests per second
 * @param avgMs mean latency
 * @param minMs minimum latency
 * @param p50Ms median latency
 * @param p95Ms 95th percentile
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 * @param maxMs maximum latency
 * @param errors error replies counted
 * @param histogram latency histogram in microseconds, null when the tool gives none
 */
public record LoadResult(
        String test,
        long requests,
        double rps,
        double avgMs,
        double minMs,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        double p999Ms,
        double maxMs,
        long errors,
        @JsonIgnore Histogram histogram) {

    /** Builds a result from a microsecond histogram and the measured throughput. */
    public static LoadResult fromHistogram(String test, Histogram h, double rps, long errors) {
        return new LoadResult(test, h.getTotalCount(), rps, h.getMean() / 1000.0, h.getMinValue() / 1000.0,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0,
                errors, h);
    }
}
