package io.panamax.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.panamax.lab.load.LoadResult;
import io.panamax.lab.matrix.RowSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Writes a report directory: {@code report.md} (hardware line first, a table per row with medians and ratios to
 * each peer, exact command lines), {@code run.json}, {@code measurements.csv}, merged {@code .hgrm} per row,
 * server and test, and an SVG latency plot per row. Raw per-round tool output is written by the runner.
 */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public ReportWriter(Path dir) {
        this.dir = dir;
    }

    /** Writes every file and returns the path of {@code report.md}. */
    public Path write(RunInfo info, List<RowSpec> rows, List<Measurement> measurements) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder();
        md.append("# Lab report: matrix `").append(info.matrix()).append("` (").append(info.startedAt()).append(", ")
                .append(info.gitSha()).append(")\n\n");
        md.append("**Hardware:** ").append(info.host().oneLine()).append(" (`").append(info.host().id())
                .append(".json` beside this report)\n\n");
        md.append("**Summary:** ").append(summaryLine(info, rows, measurements)).append("\n\n");
        md.append("- Command: `").append(info.commandLine()).append("`\n");
        md.append("- Method: ").append(info.rounds()).append(" rounds per row, servers alternated A B A B within each"
                + " round, FLUSHALL before every run on servers that speak RESP (it empties the in-memory keyspace; the REST"
                + " LSM store and nginx are not reset); tables show the median over rounds.")
                .append(info.quick() ? " `--quick`: request counts cut down, numbers are smoke-test grade." : "")
                .append('\n');
        md.append("- Pinning: ").append(info.pinning()).append('\n');
        md.append("- `ulimit -n` for servers and load tools: ").append(info.fdLimit()).append('\n');
        md.append("- Load generator bottleneck rule: its CPU time over (wall time x its CPUs) >= ")
                .append((int) (Measurement.BOTTLENECK_UTIL * 100)).append("% and above the server's.\n");
        for (String n : info.notes()) {
            md.append("- ").append(n).append('\n');
        }
        md.append("\n## Servers\n\n| name | what | reported at start | launch command |\n|---|---|---|---|\n");
        for (RunInfo.ServerInfo s : info.servers()) {
            md.append("| ").append(s.name()).append(" | ").append(s.label()).append(" | ").append(s.description())
                    .append(" | `").append(s.command()).append("` |\n");
        }
        for (RowSpec row : rows) {
            List<Measurement> ms = measurements.stream().filter(m -> m.rowId().equals(row.id())).toList();
            writeRow(md, row, ms, info);
        }
        Path report = dir.resolve("report.md");
        Files.writeString(report, md.toString());
        Files.writeString(dir.resolve("measurements.csv"), csv(measurements));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("info", info);
        run.put("rows", rows);
        run.put("measurements", measurements);
        Files.writeString(dir.resolve("run.json"), JSON.writeValueAsString(run) + "\n");
        return report;
    }

    private void writeRow(StringBuilder md, RowSpec row, List<Measurement> ms, RunInfo info) throws IOException {
        md.append("\n## Row `").append(row.id()).append("`: ").append(row.title()).append("\n\n");
        md.append("Seed: `").append(row.seed().command()).append("` on `").append(row.sourceProfile()).append("`.\n\n");
        if (row.seed().note() != null) {
            md.append("Note: ").append(row.seed().note()).append("\n\n");
        }
        if (!row.scaling().isEmpty()) {
            md.append("Scaled to this machine:\n\n");
            row.scaling().forEach(s -> md.append("- ").append(s).append('\n'));
            md.append('\n');
        }
        if (ms.isEmpty()) {
            md.append("_Not measured (see notes)._\n");
            return;
        }
        List<String> servers = new ArrayList<>(new LinkedHashSet<>(ms.stream().map(Measurement::server).toList()));
        List<String> tests = new ArrayList<>(new LinkedHashSet<>(
                ms.stream().flatMap(m -> m.results().stream().map(LoadResult::test)).toList()));
        List<String> peers = servers.stream().filter(s -> !s.equals("panamax")).toList();
        Map<String, RowSummary> sums = new LinkedHashMap<>();
        for (String test : tests) {
            for (String server : servers) {
                sums.put(server + "/" + test,
                        RowSummary.of(server, test, ms.stream().filter(m -> m.server().equals(server)).toList(),
                                Math.max(1, info.host().threads())));
            }
        }
        md.append("| server | test | rps | p50 ms | p99 ms | p99.9 ms | max ms |");
        peers.forEach(p -> md.append(" rps / ").append(p).append(" | p99 / ").append(p).append(" |"));
        md.append(" server CPU us/req | server CPU | loadgen CPU | other CPU | rounds rps |\n|");
        md.append("---|".repeat(7 + 2 * peers.size() + 5)).append('\n');
        List<String> flags = new ArrayList<>();
        List<SvgPlot.Series> series = new ArrayList<>();
        for (String test : tests) {
            for (String server : servers) {
                RowSummary s = sums.get(server + "/" + test);
                if (s.rounds() == 0) {
                    continue;
                }
                md.append("| ").append(server).append(" | ").append(test).append(" | ").append(Stats.formatRps(s.rps()))
                        .append(" | ").append(Stats.formatMs(s.p50Ms())).append(" | ").append(Stats.formatMs(s.p99Ms()))
                        .append(" | ").append(Stats.formatMs(s.p999Ms())).append(" | ").append(Stats.formatMs(s.maxMs()))
                        .append(" |");
                for (String p : peers) {
                    RowSummary peer = sums.get(p + "/" + test);
                    boolean self = server.equals(p) || peer == null || peer.rounds() == 0;
                    md.append(' ').append(self ? "" : Stats.formatRatio(Stats.ratio(s.rps(), peer.rps()))).append(" | ")
                            .append(self ? "" : Stats.formatRatio(Stats.ratio(s.p99Ms(), peer.p99Ms()))).append(" |");
                }
                md.append(' ').append(fmt1(s.serverCpuUsPerRequest())).append(" | ").append(pct(s.serverUtil()))
                        .append(" | ").append(pct(s.loadUtil())).append(s.loadBoundRounds() > 0 ? " **LG-bound**" : "")
                        .append(" | ").append(pct(s.otherUtil())).append(" | ").append(String.join(" / ", s.roundRps().stream().map(Stats::formatRps).toList()))
                        .append(" |\n");
                if (s.loadBoundRounds() > 0) {
                    flags.add("**Load generator was the bottleneck** for " + server + " " + test + " in "
                            + s.loadBoundRounds() + " of " + s.rounds() + " rounds: this row measures the client, not"
                            + " the server.");
                }
                if (s.otherUtil() > 0.10) {
                    flags.add(server + " " + test + ": other processes used " + pct(s.otherUtil()) + " of the machine's"
                            + " CPU during the runs (median): the numbers are disturbed.");
                }
                if (s.errors() > 0) {
                    flags.add(server + " " + test + ": " + s.errors() + " error replies.");
                }
                if (s.merged() != null) {
                    Path hgrm = dir.resolve(row.id()).resolve(server + "-" + test + ".hgrm");
                    Files.createDirectories(hgrm.getParent());
                    Files.writeString(hgrm, hgrm(s.merged()));
                    series.add(new SvgPlot.Series(server + " " + test, s.merged()));
                }
            }
        }
        md.append('\n');
        md.append("Ratios: Panamax median over the peer's median (rps: higher is better for Panamax; p99: lower is"
                + " better). CPU columns are medians of per-round CPU time over (wall x CPUs); \"other CPU\" is what every"
                + " other process on the machine used, over (wall x all CPUs).\n\n");
        if (tests.contains("CYCLE")) {
            md.append("CYCLE is one PUT, one GET (the master's 302 followed to the volume) and one DELETE: its rps is"
                    + " cycles/s and \"server CPU us/req\" is per cycle; PUT, GET and DELETE run once per cycle, so"
                    + " their rates equal the cycle rate, and their latencies are per operation.\n\n");
        }
        flags.forEach(f -> md.append("- ").append(f).append('\n'));
        for (String server : servers) {
            Measurement first = ms.stream().filter(m -> m.server().equals(server)).findFirst().orElseThrow();
            md.append("- ").append(server).append(" load command (round 1): `").append(first.command()).append("`\n");
            List<Measurement> own = ms.stream().filter(m -> m.server().equals(server)).toList();
            if (own.stream().anyMatch(m -> m.dbsize() >= 0) || first.usedMemory() >= 0) {
                String dbsizes = String.join(", ", own.stream().map(m -> String.valueOf(m.dbsize())).toList());
                md.append("- ").append(server).append(" DBSIZE after each round: ").append(dbsizes)
                        .append("; used_memory after round 1: ").append(first.usedMemory()).append(" B\n");
            }
        }
        if (!series.isEmpty()) {
            String svg = row.id() + ".svg";
            Files.writeString(dir.resolve(svg), SvgPlot.render(row.id() + " latency by percentile", series));
            md.append("\n![latency by percentile](").append(svg).append(")\n");
        }
        PublishedSection.append(md, row, sums, servers);
    }

    static String summaryLine(RunInfo info, List<RowSpec> rows, List<Measurement> ms) {
        long bound = ms.stream().filter(Measurement::loadGeneratorBound).count();
        return rows.size() + " rows x " + info.servers().size() + " servers ("
                + String.join(", ", info.servers().stream().map(RunInfo.ServerInfo::label).toList()) + "), "
                + info.rounds() + " rounds" + (info.quick() ? ", quick" : "") + "; " + ms.size() + " runs, " + bound
                + " load-generator-bound";
    }

    static String csv(List<Measurement> ms) {
        StringBuilder sb = new StringBuilder("row,server,round,test,requests,rps,avg_ms,p50_ms,p95_ms,p99_ms,p999_ms,"
                + "max_ms,errors,wall_ms,server_cpu_ms,loadgen_cpu_ms,other_cpu_ms,server_util,loadgen_util,loadgen_bound,dbsize\n");
        for (Measurement m : ms) {
            for (LoadResult r : m.results()) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%.2f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%d,%d,%.3f,%.3f,%b,%d%n",
                        m.rowId(), m.server(), m.round(), r.test(), r.requests(), r.rps(), r.avgMs(), r.p50Ms(),
                        r.p95Ms(), r.p99Ms(), r.p999Ms(), r.maxMs(), r.errors(), m.wallMs(), m.serverCpuMs(),
                        m.loadCpuMs(), m.otherCpuMs(), m.serverUtil(), m.loadUtil(), m.loadGeneratorBound(), m.dbsize()));
            }
        }
        return sb.toString();
    }

    /** HdrHistogram's percentile distribution of a microsecond histogram, in milliseconds. */
    public static String hgrm(Histogram h) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(out, 5, 1000.0);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }

    private static String fmt1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
}
