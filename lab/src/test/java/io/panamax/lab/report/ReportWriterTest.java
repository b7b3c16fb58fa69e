package io.panamax.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.lab.hardware.MachineProfile;
import io.panamax.lab.hardware.Published;
import io.panamax.lab.hardware.RowParams;
import io.panamax.lab.hardware.SeedRow;
import io.panamax.lab.load.LoadResult;
import io.panamax.lab.matrix.RowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path tmp;

    static LoadResult recorded(String test, long baseUs, double rps) {
        Histogram h = new Histogram(3_600_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(baseUs + i); // baseUs+1 .. baseUs+1000 us
        }
        return LoadResult.fromHistogram(test, h, rps, 0);
    }

    static Measurement run(String server, int round, long baseUs, double rps, long loadCpuMs) {
        return new Measurement("p16", server, round, List.of(recorded("GET", baseUs, rps)), 1000, 500, loadCpuMs, 0, 1, 1,
                1, 1024, "redis-benchmark -p 1 -t get");
    }

    static RunInfo info() {
        MachineProfile host = new MachineProfile("vm", "host", "probed", "AMD EPYC", 2, 2, "23.5 GiB", 1, "Linux 6.18",
                "Debian", "Temurin 25", "vda", "loopback", List.of());
        return new RunInfo("minikv", "2026-11-21T12:00", "abc1234", "bin/panamax lab run --matrix minikv", host,
                "servers on CPU 1", 20000, 3, false,
                List.of(new RunInfo.ServerInfo("panamax", "panamax", "bin/panamax server --port 1", "shards=1"),
                        new RunInfo.ServerInfo("redis", "redis-server", "redis-server --port 2", "redis_version=7")),
                List.of("a note"));
    }

    static RowSpec row() {
        String csv = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\","
                + "\"p99_latency_ms\",\"max_latency_ms\"\n\"GET\",\"4995005.00\",\"0.524\",\"0.008\",\"0.311\",\"1.743\","
                + "\"2.023\",\"3.655\"\n";
        SeedRow seed = new SeedRow("minikv", "p16", "title", "redis-benchmark", "redis-benchmark -P 16",
                new RowParams(16, 64, 4, List.of("get"), 1L, 1, 1L, null, null, null, null, null, null),
                List.of(new Published("mini-kv", csv, null, null)), null, null);
        return new RowSpec("p16", "pipeline 16", "ryzen", "redis-benchmark", true, 16, 64, 1, List.of("get"), 1000, 1,
                1, 0, 0, "resp", false, List.of("client threads 4 -> 1"), seed, "resp", 0);
    }

    @Test
    void writesHardwareLineFirstThenMedianTablesWithRatios() throws Exception {
        List<Measurement> ms = new ArrayList<>();
        // panamax rounds: rps 100, 300, 200 -> median 200; redis: 100 every round -> ratio 2.00x
        ms.add(run("panamax", 1, 0, 100, 100));
        ms.add(run("redis", 1, 1000, 100, 100));
        ms.add(run("panamax", 2, 0, 300, 100));
        ms.add(run("redis", 2, 1000, 100, 100));
        ms.add(run("panamax", 3, 0, 200, 100));
        ms.add(run("redis", 3, 1000, 100, 100));
        Path report = new ReportWriter(tmp).write(info(), List.of(row()), ms);

        List<String> lines = Files.readAllLines(report);
        assertThat(lines.get(0)).startsWith("# Lab report: matrix `minikv`");
        assertThat(lines.get(2)).startsWith("**Hardware:** AMD EPYC, 2 cores / 2 threads");
        String md = Files.readString(report);
        assertThat(md).contains("| panamax | GET | 200 | 0.500 | 0.990 | 0.999 | 1.000 | 2.00x | 0.50x | 500.00 | 50% | 10% | 0% |");
        assertThat(md).contains("| redis | GET | 100 |");
        assertThat(md).contains("client threads 4 -> 1");
        assertThat(md).contains("`redis-benchmark -p 1 -t get`");
        assertThat(md).contains("mini-kv GET: 4,995,005 rps");
        assertThat(md).doesNotContain("LG-bound");
        assertThat(tmp.resolve("p16/panamax-GET.hgrm")).content().contains("Value     Percentile");
        assertThat(tmp.resolve("p16.svg")).content().startsWith("<svg").contains("panamax GET");
        assertThat(tmp.resolve("run.json")).content().contains("\"matrix\" : \"minikv\"");
        assertThat(Files.readAllLines(tmp.resolve("measurements.csv"))).hasSize(7);
    }

    @Test
    void flagsRowsWhereTheLoadGeneratorWasTheBottleneck() throws Exception {
        List<Measurement> ms = List.of(run("panamax", 1, 0, 100, 950), run("redis", 1, 0, 100, 100));
        String md = Files.readString(new ReportWriter(tmp).write(info(), List.of(row()), ms));
        assertThat(ms.get(0).loadGeneratorBound()).isTrue();
        assertThat(ms.get(1).loadGeneratorBound()).isFalse();
        assertThat(md).contains("**Load generator was the bottleneck** for panamax GET in 1 of 1 rounds");
    }

    @Test
    void indexesReportsNewestFirst() throws Exception {
        Path results = tmp.resolve("results");
        new ReportWriter(results.resolve("2026-11-20-0900_minikv_aaa")).write(info(), List.of(row()), List.of());
        new ReportWriter(results.resolve("2026-11-21-0900_rkv_bbb")).write(info(), List.of(row()), List.of());
        String index = Files.readString(ResultsIndex.write(results));
        assertThat(index.indexOf("2026-11-21-0900_rkv_bbb")).isLessThan(index.indexOf("2026-11-20-0900_minikv_aaa"));
        assertThat(index).contains("| rkv | AMD EPYC");
    }
}
