package io.panamax.lab;

import io.panamax.lab.run.MatrixRunner;
import io.panamax.lab.run.RunConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lab run --matrix NAME [--peers redis,valkey] [--quick] [--profile]}: runs a seed matrix, writes a report.
 * {@code minikeyvalue} runs the blob store: Panamax's master over Panamax's volumes, and over nginx WebDAV volumes
 * (peer {@code nginx-volumes}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a seed benchmark matrix against Panamax and peers; write results/<date>_<matrix>_<sha>/.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--matrix", required = true, description = "Matrix name: minikv, kvcache, rkv, mkvss, minikeyvalue.")
    String matrix;

    @Option(names = "--peers", split = ",", description = "Peers to compare: redis, valkey, nginx, nginx-volumes"
            + " (default: nginx for mkvss, nginx-volumes for minikeyvalue, else redis).")
    List<String> peers;

    @Option(names = "--quick", description = "Scale rows down to a smoke test (and 2 rounds unless --rounds).")
    boolean quick;

    @Option(names = "--rounds", description = "Rounds per row (default 3, or 2 with --quick).")
    Integer rounds;

    @Option(names = "--profile", description = "Attach async-profiler to Panamax during each row's first round.")
    boolean profile;

    @Option(names = "--panamax-cmd", description = "Panamax launch command template ({port} {shards} {maxmemory}"
            + " {maxclients} {root}), or a peer name (redis) to use it as a stand-in. Default: the CLI contract.")
    String panamaxCmd;

    @Option(names = "--maxmemory", defaultValue = "4294967296", description = "maxmemory in bytes for every server (default: ${DEFAULT-VALUE}).")
    long maxmemory;

    @Option(names = "--row", description = "Only rows whose id contains this text.")
    String row;

    @Option(names = "--results", description = "Results directory (default: <repo>/results).")
    Path results;

    /** The peer a matrix is compared with when {@code --peers} is not given. */
    static String defaultPeer(String matrix) {
        return switch (matrix) {
            case "mkvss" -> "nginx";
            case "minikeyvalue" -> "nginx-volumes";
            default -> "redis";
        };
    }

    @Override
    public Integer call() throws Exception {
        Path root = LabPaths.root();
        int r = rounds != null ? rounds : quick ? 2 : 3;
        if (peers == null) {
            peers = List.of(defaultPeer(matrix));
        }
        StringBuilder cmd = new StringBuilder("bin/panamax lab run --matrix ").append(matrix)
                .append(" --peers ").append(String.join(",", peers));
        if (quick) {
            cmd.append(" --quick");
        }
        if (rounds != null) {
            cmd.append(" --rounds ").append(rounds);
        }
        if (profile) {
            cmd.append(" --profile");
        }
        if (panamaxCmd != null) {
            cmd.append(" --panamax-cmd '").append(panamaxCmd).append('\'');
        }
        if (row != null) {
            cmd.append(" --row ").append(row);
        }
        RunConfig config = new RunConfig(matrix, peers, quick, r, panamaxCmd, profile, maxmemory, root,
                results != null ? results : root.resolve("results"), cmd.toString(), row);
        new MatrixRunner(config, System.out).run();
        return 0;
    }
}
