package io.panamax.lab.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JmhReportTest {

    private static final JmhReport REPORT = new JmhReport("2026-11-21 12:00", "abc1234", "bin/panamax lab jmh --quick",
            "Model name:                           AMD EPYC 9B14", "2", "JDK 25", "1 fork, warmup 2 x 1 s, measurement 3 x 1 s",
            JmhCommand.FORK_FLAGS, "1.00 0.50 0.25 1/100 42", "2.00 1.00 0.50 1/100 43", null);

    @Test
    void startsWithTheHardwareAndSummaryLinesTheResultsIndexReads() {
        String md = REPORT.markdown(List.of());
        assertThat(md).contains("**Hardware:** AMD EPYC 9B14, nproc 2 (shared, noisy)\n")
                .contains("**Summary:** 0 benchmarks, 1 fork, warmup 2 x 1 s, measurement 3 x 1 s, -prof gc\n")
                .contains("- Command: `bin/panamax lab jmh --quick`")
                .doesNotContain("## Footprint");
    }

    @Test
    void rendersOneTableRowPerBenchmarkWithNaNAsNotAvailable() {
        String md = REPORT.markdown(List.of(
                new JmhRow("KeyspaceBenchmark.keyspaceGetHitNative", "", "avgt", 123.456, 4.5, 110, "ns/op", 0.0123),
                new JmhRow("KeyspaceGrowthBenchmark.keyspaceInsert", "", "ss", 600.5, 40.0, 580.0, "ns/op", 0.054),
                new JmhRow("RespDecoderBenchmark.panamax", "command=SET", "avgt", 12.3, Double.NaN, 12.3, "ns/op", Double.NaN)));
        assertThat(md)
                .contains("| benchmark | params | mode | score |")
                .contains("| KeyspaceBenchmark.keyspaceGetHitNative |  | avgt | 123.5 | 4.500 | 110.0 | ns/op | 0.012 |\n")
                .contains("| KeyspaceGrowthBenchmark.keyspaceInsert |  | ss | 600.5 | 40.0 | 580.0 | ns/op | 0.054 |\n")
                .contains("| RespDecoderBenchmark.panamax | command=SET | avgt | 12.3 | n/a | 12.3 | ns/op | n/a |\n");
    }
}
