package io.panamax.lab.lsm;

import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Figures of one workload on one engine. Latencies are recorded in nanoseconds and reported in microseconds. */
record Result(long ops, long elapsedNanos, long bytes, Histogram histogram) {
    double opsPerSec() {
        return ops * 1e9 / elapsedNanos;
    }

    double mbPerSec() {
        return bytes / 1048576.0 / (elapsedNanos / 1e9);
    }

    double percentileMicros(double p) {
        return histogram.getValueAtPercentile(p) / 1000.0;
    }

    String row(String engine, String workload) {
        return String.format(Locale.ROOT, "| %-8s | %-12s | %12.0f | %8.1f | %9.2f | %9.2f | %9.2f |", engine, workload,
                opsPerSec(), mbPerSec(), percentileMicros(50), percentileMicros(99), percentileMicros(99.9));
    }

    static String table(Map<String, Map<String, Result>> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| engine   | workload     |        ops/s |     MB/s |  p50 (us) |  p99 (us) | p99.9 (us)|\n");
        sb.append("|----------|--------------|-------------:|---------:|----------:|----------:|----------:|\n");
        java.util.LinkedHashSet<String> labels = new java.util.LinkedHashSet<>();
        for (Map<String, Result> perEngine : results.values()) {
            labels.addAll(perEngine.keySet());
        }
        for (String workload : labels) {
            for (Map.Entry<String, Map<String, Result>> e : results.entrySet()) {
                Result r = e.getValue().get(workload);
                if (r != null) {
                    sb.append(r.row(e.getKey(), workload)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    static String json(Map<String, Map<String, Result>> results) {
        StringBuilder sb = new StringBuilder("{");
        String engineSep = "";
        for (Map.Entry<String, Map<String, Result>> e : results.entrySet()) {
            sb.append(engineSep).append("\n  \"").append(e.getKey()).append("\": {");
            String sep = "";
            for (Map.Entry<String, Result> w : e.getValue().entrySet()) {
                Result r = w.getValue();
                sb.append(sep).append(String.format(Locale.ROOT,
                        "\n    \"%s\": {\"ops_per_sec\": %.1f, \"mb_per_sec\": %.2f, \"p50_us\": %.2f, \"p99_us\": %.2f,"
                                + " \"p999_us\": %.2f, \"ops\": %d}",
                        w.getKey(), r.opsPerSec(), r.mbPerSec(), r.percentileMicros(50), r.percentileMicros(99),
                        r.percentileMicros(99.9), r.ops()));
                sep = ",";
            }
            sb.append("\n  }");
            engineSep = ",";
        }
        return sb.append("\n}\n").toString();
    }
}
