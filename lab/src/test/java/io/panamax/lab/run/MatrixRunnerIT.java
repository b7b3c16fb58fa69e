package io.panamax.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.panamax.lab.server.ServerSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a {@code --quick} matrix end to end against real redis-server processes (redis-server stands in for
 * Panamax, so this does not depend on the server module): servers start on free ports, the rows run, the report
 * directory holds every file, and no server is left running.
 */
class MatrixRunnerIT {

    @TempDir
    Path results;

    @Test
    void runsAQuickMatrixEndToEndAndStopsEveryServer() throws Exception {
        Map<String, String> probe = Map.of("port", "0", "shards", "1", "maxmemory", "0", "maxclients", "0", "root", ".");
        assumeTrue(ServerSpec.peer("redis").installed(probe), "redis-server not installed");
        Path root = Path.of("..").toAbsolutePath().normalize();
        RunConfig config = new RunConfig("rkv", List.of("redis"), true, 1, "redis", false, 256L << 20, root, results,
                "bin/panamax lab run --matrix rkv --quick --rounds 1 --panamax-cmd redis", null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path dir = new MatrixRunner(config, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("**Hardware:**", "| panamax | GET |", "| redis | GET |", "stand-in: redis-server");
        // every server is warmed with the row's own load until steady, at least SteadyWarmUp.MIN_PASSES passes
        assertThat(md).contains("Warm-up of redis for row get-1k-c1 (untimed, until steady): `bin/panamax lab load",
                "Warm-up of panamax for row get-1k-c1 (untimed, until steady): `bin/panamax lab load");
        assertThat(md).containsPattern("Warm-up of panamax for row get-1k-c1 .* ([5-9]|1[0-5]) passes: ");
        assertThat(dir.resolve("run.json")).exists();
        assertThat(dir.resolve("measurements.csv")).exists();
        assertThat(dir.resolve("get-1k-c1.svg")).exists();
        try (Stream<Path> files = Files.list(dir.resolve("get-1k-c1"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains("panamax-r1-GET.hlog", "redis-r1-GET.hlog", "redis-GET.hgrm");
        }
        assertThat(results.resolve("README.md")).content().contains(dir.getFileName().toString());
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("round 1/1", "ETA");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isZero();
    }
}
