package io.panamax.lab.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes redis-benchmark's {@code --csv} format (7.x): a header line
 * {@code "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"}
 * then one quoted line per test.
 */
public final class RedisBenchmarkCsv {

    /** The header redis-benchmark 7 prints. */
    public static final String HEADER = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
            + "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"";

    private RedisBenchmarkCsv() {}

    /**
     * Parses CSV text; lines that are not 8 quoted fields with a numeric rps (header, {@code #} comments, blanks)
     * are skipped. p99.9 is not in the format and is {@code NaN}.
     */
    public static List<LoadResult> parse(String csv) {
        List<LoadResult> out = new ArrayList<>();
        for (String line : csv.split("\r?\n")) {
            String[] f = line.strip().split(",");
            if (f.length != 8 || line.startsWith("#")) {
                continue;
            }
            String[] v = new String[8];
            for (int i = 0; i < 8; i++) {
                v[i] = f[i].strip().replace("\"", "");
            }
            double rps;
            try {
                rps = Double.parseDouble(v[1]);
            } catch (NumberFormatException e) {
                continue; // the header
            }
            out.add(new LoadResult(v[0], 0, rps, d(v[2]), d(v[3]), d(v[4]), d(v[5]), d(v[6]), Double.NaN, d(v[7]), 0,
                    null));
        }
        return out;
    }

    /** Renders results in redis-benchmark's CSV format (header plus one line per result). */
    public static String write(List<LoadResult> results) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (LoadResult r : results) {
            sb.append(String.format(Locale.ROOT, "\"%s\",\"%.2f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\"%n",
                    r.test(), r.rps(), r.avgMs(), r.minMs(), r.p50Ms(), r.p95Ms(), r.p99Ms(), r.maxMs()));
        }
        return sb.toString();
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
