package io.panamax.lab.run;

import java.nio.file.Path;
import java.util.List;

/**
 * Parameters of one {@code lab run}.
 *
 * @param matrix matrix name
 * @param peers peer names requested ({@code redis}, {@code valkey})
 * @param quick scale rows down to a smoke test
 * @param rounds rounds per row
 * @param panamaxCmd Panamax launch override (null = CLI contract; {@code redis} = stand-in)
 * @param profile attach async-profiler to Panamax during each row's first round
 * @param maxmemoryBytes maxmemory for every server
 * @param root repository root
 * @param resultsDir where report directories go
 * @param commandLine the command as typed, for the report
 * @param rowFilter only rows whose id contains this (null = all)
 */
public record RunConfig(
        String matrix,
        List<String> peers,
        boolean quick,
        int rounds,
        String panamaxCmd,
        boolean profile,
        long maxmemoryBytes,
        Path root,
        Path resultsDir,
        String commandLine,
        String rowFilter) {

    public RunConfig {
        peers = List.copyOf(peers);
    }
}
