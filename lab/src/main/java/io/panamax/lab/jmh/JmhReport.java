package io.panamax.lab.jmh;

import java.util.List;
import java.util.Locale;

/**
 * Renders {@code report.md} of a JMH run: the {@code **Hardware:**} and {@code **Summary:**} lines that
 * {@link io.panamax.lab.report.ResultsIndex} lists, the exact command, the host, a table of ns/op and B/op, and the
 * footprint printout.
 *
 * @param startedAt local start time, {@code yyyy-MM-dd HH:mm}
 * @param gitSha short commit ({@code -dirty} when tracked files were modified)
 * @param commandLine the command as typed, e.g. {@code bin/panamax lab jmh --quick}
 * @param cpuModel output of {@code lscpu | grep 'Model name'}
 * @param nproc output of {@code nproc}
 * @param jvm JDK of the forks, e.g. {@code JDK 25.0.3, OpenJDK 64-Bit Server VM, 25.0.3+9-LTS}
 * @param settings forks, warmup and measurement, e.g. {@code 1 fork, warmup 3 x 1 s, measurement 5 x 1 s}
 * @param forkFlags JVM flags of the forks
 * @param loadBefore {@code /proc/loadavg} at the start
 * @param loadAfter {@code /proc/loadavg} at the end
 * @param footprint output of {@link KeyspaceFootprint}, or null when it was not run
 */
record JmhReport(String startedAt, String gitSha, String commandLine, String cpuModel, String nproc, String jvm,
        String settings, List<String> forkFlags, String loadBefore, String loadAfter, String footprint) {

    /** The report as Markdown. */
    String markdown(List<JmhRow> rows) {
        StringBuilder md = new StringBuilder();
        md.append("# JMH report (").append(startedAt).append(", ").append(gitSha).append(")\n\n");
        md.append("**Hardware:** ").append(cpuModel.replaceFirst("^Model name:\\s*", "")).append(", nproc ")
                .append(nproc).append(" (shared, noisy)\n\n");
        md.append("**Summary:** ").append(rows.size()).append(" benchmarks, ").append(settings)
                .append(", -prof gc\n\n");
        md.append("- Command: `").append(commandLine).append("`\n");
        md.append("- `lscpu | grep 'Model name'`: `").append(cpuModel).append("`\n");
        md.append("- `nproc`: ").append(nproc).append('\n');
        md.append("- JVM: ").append(jvm).append("; fork flags `").append(String.join(" ", forkFlags)).append("`\n");
        md.append("- Settings: ").append(settings).append(" (iteration time applies to mode `avgt`; a `ss`")
                .append(" iteration is one invocation, its time divided by its operations), profiler `gc`")
                .append(" (`gc.alloc.rate.norm` = bytes allocated per operation).\n");
        md.append("- The machine is shared with other engineers' builds and benchmarks and is noisy: nothing is pinned"
                        + " or isolated, so treat differences under ~20% as noise unless repeated. `/proc/loadavg`"
                        + " before: `")
                .append(loadBefore).append("`, after: `").append(loadAfter).append("`.\n");
        md.append("- Raw results: `jmh.json` (JMH JSON).\n\n");
        md.append("## Results\n\n")
                .append("Score = mean of the measurement iterations, best = the lowest iteration. RespDecoderBenchmark")
                .append(" scores are per command (16 commands per invocation). KeyspaceBenchmark scores include")
                .append(" `baselinePickKey` (random index, key written into a scratch buffer).\n\n")
                .append("| benchmark | params | mode | score | ± 99.9% | best | unit | B/op |\n")
                .append("|---|---|---|---:|---:|---:|---|---:|\n");
        for (JmhRow r : rows) {
            md.append("| ").append(r.benchmark()).append(" | ").append(r.params()).append(" | ").append(r.mode())
                    .append(" | ")
                    .append(number(r.score())).append(" | ").append(number(r.error())).append(" | ")
                    .append(number(r.best())).append(" | ").append(r.unit()).append(" | ")
                    .append(number(r.allocBytesPerOp())).append(" |\n");
        }
        if (footprint != null) {
            md.append("\n## Footprint (not a JMH metric)\n\n")
                    .append("Printed by `KeyspaceFootprint` in a child JVM with the fork flags. Keyspace:")
                    .append(" `usedMemoryBytes()` (records + hash table) / entries after loading and finishing")
                    .append(" growth. Heap maps: used heap (`totalMemory - freeMemory`) after three `System.gc()`")
                    .append(" calls, before and after loading 1M entries, divided by the entry count.\n\n```\n")
                    .append(footprint.strip()).append("\n```\n");
        }
        return md.toString();
    }

    /** A score with three significant decimals for small values, one for large; "n/a" for NaN. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.3f" : "%.1f", v);
    }
}
