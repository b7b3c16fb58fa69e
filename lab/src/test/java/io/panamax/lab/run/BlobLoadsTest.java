package io.panamax.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.lab.hardware.RowParams;
import io.panamax.lab.hardware.SeedRow;
import io.panamax.lab.load.ThrasherSpec;
import io.panamax.lab.matrix.RowSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlobLoadsTest {

    static RowSpec row(String tool, long requests, long keys) {
        SeedRow seed = new SeedRow("minikeyvalue", tool, "t", tool, "cmd", new RowParams(null, null, null, null,
                requests, 16, keys, null, null, "blob", null, null, null), List.of(), null, true);
        return new RowSpec(tool, "t", "seed", tool, true, 1, 3, 1, List.of(), requests, 16, keys, 0, 0, "blob", false,
                List.of(), seed, "blob", 0);
    }

    @Test
    void aWarmUpPassIsATenthOfTheRowCappedAndAtLeastOneReadRound() {
        assertThat(BlobLoads.warmUpRequests(row("thrasher", 20_000, 0), false)).isEqualTo(2_000);
        assertThat(BlobLoads.warmUpRequests(row("thrasher", 100_000, 0), false)).isEqualTo(2_000);
        assertThat(BlobLoads.warmUpRequests(row("thrasher", 5, 0), false)).isEqualTo(1);
        assertThat(BlobLoads.warmUpRequests(row("thrasher-read", 1_000_000, 1_000), false)).isEqualTo(10_000);
        assertThat(BlobLoads.warmUpRequests(row("thrasher-read", 50_000, 1_000), false)).isEqualTo(5_000);
        assertThat(BlobLoads.warmUpRequests(row("thrasher-read", 2_000, 1_000), false)).isEqualTo(1_000);
    }

    @Test
    void quickHalvesTheWarmUpPass() {
        assertThat(BlobLoads.warmUpRequests(row("thrasher", 1_000, 0), true)).isEqualTo(50);
        assertThat(BlobLoads.warmUpRequests(row("thrasher-read", 50_000, 100), true)).isEqualTo(2_500);
    }

    @Test
    void theReportedCommandReproducesTheRun() {
        ThrasherSpec spec = new ThrasherSpec("127.0.0.1", 4000, 16, 1, 99);
        assertThat(BlobLoads.command(spec, "--cycles 20000")).isEqualTo("bin/panamax lab thrasher --host 127.0.0.1"
                + " --port 4000 --workers 16 --threads 1 --cycles 20000 --seed 99");
    }
}
