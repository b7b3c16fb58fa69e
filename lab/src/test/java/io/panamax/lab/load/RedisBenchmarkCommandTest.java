package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.lab.hardware.RowParams;
import io.panamax.lab.hardware.SeedRow;
import io.panamax.lab.matrix.RowSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisBenchmarkCommandTest {

    static RowSpec row(int pipeline, long keyspace) {
        SeedRow seed = new SeedRow("minikv", "x", "x", "redis-benchmark", "cmd",
                new RowParams(pipeline, 1024, 4, List.of("set", "get"), 5_000_000L, 200, keyspace, null, null, null, null,
                        null, null),
                List.of(), null, null);
        return new RowSpec("x", "x", "ryzen", "redis-benchmark", true, pipeline, 1024, 1, List.of("set", "get"), 41666,
                200, keyspace, 0, 0, "resp", false, List.of(), seed, "resp", 0);
    }

    @Test
    void rendersTheSeedsFlagsInTheSeedsOrderWithoutCsv() {
        String line = RedisBenchmarkCommand.shellLine(
                RedisBenchmarkCommand.render("redis-benchmark", row(16, 1_000_000_000_000L), "127.0.0.1", 7000));
        assertThat(line).isEqualTo("redis-benchmark -h 127.0.0.1 -p 7000 -P 16 -d 1024 --threads 1 -t set,get"
                + " -n 41666 -c 200 -r 1000000000000");
    }

    @Test
    void leavesOutPipelineOneAndEmptyKeyspace() {
        List<String> args = RedisBenchmarkCommand.render("redis-benchmark", row(1, 0), "127.0.0.1", 7000);
        assertThat(args).doesNotContain("-P", "-r");
    }

    @Test
    void quotesArgumentsAShellWouldSplit() {
        assertThat(RedisBenchmarkCommand.shellLine(List.of("redis-server", "--save", "", "a b", "it's")))
                .isEqualTo("redis-server --save '' 'a b' 'it'\\''s'");
    }
}
