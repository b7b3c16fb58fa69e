package io.panamax.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.lab.hardware.Published;
import io.panamax.lab.hardware.RowParams;
import io.panamax.lab.hardware.SeedRow;
import io.panamax.lab.load.LoadResult;
import io.panamax.lab.matrix.RowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a blob store row: cycles, per-cycle CPU, no DBSIZE, and the published figures beside this run's. */
class BlobReportTest {

    @TempDir
    Path tmp;

    static RowSpec thrasherRow() {
        SeedRow seed = new SeedRow("minikeyvalue", "thrasher", "title", "thrasher", "go run tools/thrasher.go",
                new RowParams(null, null, null, List.of("cycle"), 20_000L, 16, null, null, null, "blob", null, null,
                        null),
                List.of(new Published("minikeyvalue (Go)", null, Map.of("opsPerSec", 2613.73), null, "CYCLE", null),
                        new Published("Go here", null, Map.of("opsPerSecLow", 400.0, "opsPerSecHigh", 500.0),
                                "spec figure", "CYCLE", true)),
                "the lab's own thrasher", true);
        return new RowSpec("thrasher", "thrasher title", "minikeyvalue-author", "thrasher", true, 1, 3, 1,
                List.of("cycle"), 20_000, 16, 0, 0, 0, "blob", false, List.of("requests 20000 kept as published"), seed,
                "blob", 0);
    }

    static Measurement run(String server, int round, double cyclesPerS) {
        List<LoadResult> results = new ArrayList<>();
        for (String test : List.of("CYCLE", "PUT", "GET", "DELETE")) {
            results.add(ReportWriterTest.recorded(test, 0, cyclesPerS));
        }
        // 1,000 cycles (the histograms' counts) with 2,000 ms of server CPU: 2,000 us per cycle
        return new Measurement("thrasher", server, round, results, 2000, 2000, 300, 0, 1, 1, -1, -1,
                "bin/panamax lab thrasher --cycles 1000");
    }

    @Test
    void reportsCyclesPerSecondCpuPerCycleAndThePublishedFiguresBesideThisRun() throws Exception {
        List<Measurement> ms = List.of(run("panamax", 1, 600), run("nginx-volumes", 1, 500), run("panamax", 2, 400),
                run("nginx-volumes", 2, 500));
        String md = Files.readString(new ReportWriter(tmp).write(ReportWriterTest.info(), List.of(thrasherRow()), ms));

        assertThat(ms.getFirst().totalRequests()).as("a thrasher run counts cycles").isEqualTo(1000);
        assertThat(md).contains("| panamax | CYCLE | 500 |", "| nginx-volumes | CYCLE | 500 |", "| 1.00x |",
                "| 2000.00 | 100% | 15% |");
        assertThat(md).contains("Note: the lab's own thrasher", "\"server CPU us/req\" is per cycle");
        assertThat(md).doesNotContain("DBSIZE");
        assertThat(md).contains("Published by the seed on `minikeyvalue-author`", "- minikeyvalue (Go): {opsPerSec=2613.73}",
                "This run's medians over it (their machine): panamax CYCLE 500/s = 0.19x; nginx-volumes CYCLE 500/s ="
                        + " 0.19x.");
        assertThat(md).contains("Measured earlier on this machine kind, **not side by side**", "(spec figure)",
                "This run's medians over it (not side by side): panamax CYCLE 500/s = 1.00x-1.25x;");
        assertThat(md.indexOf("Published by the seed")).isLessThan(md.indexOf("Measured earlier"));
    }
}
