package io.panamax.lab.report;

import io.panamax.lab.hardware.Published;
import io.panamax.lab.load.LoadResult;
import io.panamax.lab.load.RedisBenchmarkCsv;
import io.panamax.lab.matrix.RowSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a row's section in {@code report.md}: the figures the seed published (their machine, their command),
 * then figures measured earlier on this machine kind (not side by side), each with, when it names a
 * {@link Published#compareTest()}, every server's median rate of that test over it, e.g. {@code panamax CYCLE
 * 812/s = 1.73x-2.14x of 380-470/s}. Never a side-by-side claim: the heading of each list says where the figures
 * come from.
 */
final class PublishedSection {

    private PublishedSection() {}

    /**
     * Appends both lists (each only when it has entries).
     *
     * @param sums the row's summaries by {@code server + "/" + test}
     * @param servers the servers measured on the row, in table order
     */
    static void append(StringBuilder md, RowSpec row, Map<String, RowSummary> sums, List<String> servers) {
        List<Published> seed = row.seed().published().stream().filter(p -> !p.isMeasuredHere()).toList();
        List<Published> here = row.seed().published().stream().filter(Published::isMeasuredHere).toList();
        if (!seed.isEmpty()) {
            md.append("\nPublished by the seed on `").append(row.sourceProfile())
                    .append("` (their machine, their command; not comparable in absolute terms):\n\n");
            seed.forEach(p -> entry(md, p, sums, servers, "their machine"));
        }
        if (!here.isEmpty()) {
            md.append("\nMeasured earlier on this machine kind, **not side by side** with this run (other sitting,"
                    + " other client):\n\n");
            here.forEach(p -> entry(md, p, sums, servers, "not side by side"));
        }
    }

    private static void entry(StringBuilder md, Published p, Map<String, RowSummary> sums, List<String> servers,
            String caveat) {
        if (p.csv() != null) {
            for (LoadResult r : RedisBenchmarkCsv.parse(p.csv())) {
                md.append("- ").append(p.system()).append(' ').append(r.test()).append(": ")
                        .append(Stats.formatRps(r.rps())).append(" rps, p50 ").append(Stats.formatMs(r.p50Ms()))
                        .append(" ms, p99 ").append(Stats.formatMs(r.p99Ms())).append(" ms, max ")
                        .append(Stats.formatMs(r.maxMs())).append(" ms\n");
            }
        }
        if (p.values() != null) {
            md.append("- ").append(p.system()).append(": ").append(p.values()).append('\n');
        }
        if (p.note() != null) {
            md.append("  (").append(p.note()).append(")\n");
        }
        String ratios = ratios(p, sums, servers, caveat);
        if (!ratios.isEmpty()) {
            md.append("  ").append(ratios).append('\n');
        }
    }

    /** {@code This run's medians over it (their machine): panamax CYCLE 812/s = 0.31x; ...}, or "" when not comparable. */
    static String ratios(Published p, Map<String, RowSummary> sums, List<String> servers, String caveat) {
        if (p.compareTest() == null || p.values() == null) {
            return "";
        }
        Map<String, Double> v = p.values();
        Double single = v.containsKey("opsPerSec") ? v.get("opsPerSec") : v.get("rps");
        Double low = v.get("opsPerSecLow");
        Double high = v.get("opsPerSecHigh");
        if (single == null && (low == null || high == null)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String server : servers) {
            RowSummary s = sums.get(server + "/" + p.compareTest());
            if (s == null || s.rounds() == 0 || Double.isNaN(s.rps())) {
                continue;
            }
            sb.append(sb.isEmpty() ? "" : "; ").append(server).append(' ').append(p.compareTest()).append(' ')
                    .append(Stats.formatRps(s.rps())).append("/s = ");
            if (single != null) {
                sb.append(Stats.formatRatio(Stats.ratio(s.rps(), single)));
            } else {
                sb.append(String.format(Locale.ROOT, "%.2fx-%.2fx", s.rps() / high, s.rps() / low));
            }
        }
        return sb.isEmpty() ? "" : "This run's medians over it (" + caveat + "): " + sb + ".";
    }
}
