package io.panamax.lab.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Parses redis-benchmark 7's default (non-CSV) output: per test a {@code ====== SET ======} header, the
 * "Latency by percentile distribution" lines and the summary. The distribution gives p99.9 and a histogram
 * reconstructed from its cumulative counts (one bucket per printed percentile, so coarse).
 */
public final class RedisBenchmarkOutput {

    private static final Pattern HEADER = Pattern.compile("^====== (.+) ======$");
    private static final Pattern COMPLETED = Pattern.compile("^(\\d+) requests completed in");
    private static final Pattern PERCENTILE =
            Pattern.compile("^([0-9.]+)% <= ([0-9.]+) milliseconds \\(cumulative count (\\d+)\\)$");
    private static final Pattern THROUGHPUT = Pattern.compile("throughput summary: ([0-9.]+) requests per second");
    private static final Pattern NUMBERS = Pattern.compile("^[0-9.]+(\\s+[0-9.]+){5}$");

    private RedisBenchmarkOutput() {}

    /** Parses the whole stdout of one redis-benchmark run ({@code \r} progress lines are ignored). */
    public static List<LoadResult> parse(String stdout) {
        List<LoadResult> out = new ArrayList<>();
        String test = null;
        long requests = 0;
        double rps = Double.NaN;
        boolean inPercentiles = false;
        boolean afterLatencyHeader = false;
        List<double[]> points = new ArrayList<>();
        for (String raw : stdout.split("[\r\n]+")) {
            String line = raw.strip();
            Matcher m;
            if ((m = HEADER.matcher(line)).matches()) {
                test = m.group(1).strip();
                requests = 0;
                rps = Double.NaN;
                points = new ArrayList<>();
                inPercentiles = false;
                afterLatencyHeader = false;
            } else if (test == null) {
                continue;
            } else if ((m = COMPLETED.matcher(line)).find()) {
                requests = Long.parseLong(m.group(1));
            } else if (line.startsWith("Latency by percentile distribution")) {
                inPercentiles = true;
            } else if (line.startsWith("Cumulative distribution of latencies")) {
                inPercentiles = false;
            } else if (inPercentiles && (m = PERCENTILE.matcher(line)).matches()) {
                points.add(new double[] {
                    Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))
                });
            } else if ((m = THROUGHPUT.matcher(line)).find()) {
                rps = Double.parseDouble(m.group(1));
            } else if (line.startsWith("avg") && line.contains("p99")) {
                afterLatencyHeader = true;
            } else if (afterLatencyHeader && NUMBERS.matcher(line).matches()) {
                String[] v = line.split("\\s+");
                out.add(new LoadResult(test, requests, rps, d(v[0]), d(v[1]), d(v[2]), d(v[3]), d(v[4]),
                        percentile(points, 99.9), d(v[5]), 0, histogram(points)));
                afterLatencyHeader = false;
                test = null;
            }
        }
        return out;
    }

    /** Latency (ms) of the first printed point at or above {@code pct}, NaN when there is none. */
    static double percentile(List<double[]> points, double pct) {
        for (double[] p : points) {
            if (p[0] >= pct) {
                return p[1];
            }
        }
        return points.isEmpty() ? Double.NaN : points.getLast()[1];
    }

    /** Histogram in microseconds rebuilt from (percentile, ms, cumulative count) points; null without points. */
    static Histogram histogram(List<double[]> points) {
        if (points.isEmpty()) {
            return null;
        }
        Histogram h = new Histogram(3_600_000_000L, 3);
        long previous = 0;
        for (double[] p : points) {
            long cumulative = (long) p[2];
            if (cumulative > previous) {
                h.recordValueWithCount(Math.max(1, Math.round(p[1] * 1000)), cumulative - previous);
                previous = cumulative;
            }
        }
        return h;
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
