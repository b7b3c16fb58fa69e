package io.panamax.lab;

import io.panamax.lab.load.BlobHttpClient;
import io.panamax.lab.load.LoadResult;
import io.panamax.lab.load.ReadThrasher;
import io.panamax.lab.load.RedisBenchmarkCsv;
import io.panamax.lab.load.Thrasher;
import io.panamax.lab.load.ThrasherSpec;
import io.panamax.lab.report.ReportWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lab thrasher}: the blob store's load generators against a running master: the write/read/delete thrasher
 * ({@code --cycles}), or with {@code --read} the read test ({@code --keys} PUTs, then {@code --gets} GETs in rounds).
 * Prints the results as redis-benchmark CSV plus p99.9 per operation; exits 1 naming the key and statuses when the
 * master or a volume answers outside the contract.
 */
@Command(name = "thrasher", mixinStandardHelpOptions = true,
        description = "Blob store load: PUT/GET(302->200)/DELETE cycles, or --read: PUT keys then GET rounds.")
public final class ThrasherCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", defaultValue = "3000", description = "the master's port") int port;
    @Option(names = "--workers", defaultValue = "16", description = "closed-loop workers (default: ${DEFAULT-VALUE})") int workers;
    @Option(names = "--threads", defaultValue = "1", description = "client event-loop threads") int threads;
    @Option(names = "--cycles", defaultValue = "20000", description = "write/read/delete cycles (default: ${DEFAULT-VALUE})") long cycles;
    @Option(names = "--read", description = "the read test instead: --keys PUTs, then --gets GETs in rounds") boolean read;
    @Option(names = "--keys", defaultValue = "1000", description = "--read: keys written (default: ${DEFAULT-VALUE})") int keys;
    @Option(names = "--gets", defaultValue = "1000000", description = "--read: GETs in all (default: ${DEFAULT-VALUE})") long gets;
    @Option(names = "--seed", description = "random seed of keys and values (default: from the clock)") Long seed;
    @Option(names = "--hlog", description = "write an HdrHistogram interval log here") Path hlog;
    @Option(names = "--hgrm", description = "print the percentile distribution of each operation") boolean hgrm;
    @Option(names = "--timeout", defaultValue = "3600", description = "seconds the whole run may take") long timeoutS;

    @Override
    public Integer call() throws Exception {
        ThrasherSpec spec = new ThrasherSpec(host, port, workers, threads, seed != null ? seed : System.nanoTime());
        List<LoadResult> results;
        try (BlobHttpClient client = new BlobHttpClient(threads, ThrasherSpec.REQUEST_TIMEOUT_MS)) {
            if (read) {
                ReadThrasher r = new ReadThrasher(spec, keys, gets);
                System.err.println("thrasher: " + keys + " PUTs, then " + r.gets() + " GETs in " + r.rounds()
                        + " rounds, " + workers + " workers, seed " + spec.seed());
                try {
                    results = r.run(hlog, timeoutS, client::session);
                } catch (java.io.IOException e) {
                    try {
                        r.deleteKeys(timeoutS, client::session);
                    } catch (java.io.IOException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                    throw e;
                }
                r.deleteKeys(timeoutS, client::session);
            } else {
                System.err.println("thrasher: " + cycles + " PUT/GET/DELETE cycles, " + workers + " workers, seed "
                        + spec.seed());
                results = Thrasher.run(spec, cycles, hlog, timeoutS, client::session);
            }
        } catch (java.io.IOException e) {
            System.err.println("thrasher: FAILED: " + e.getMessage());
            return 1;
        }
        System.out.print(RedisBenchmarkCsv.write(results));
        for (LoadResult r : results) {
            System.out.printf("# %s %,.2f/s p50=%.3f p99=%.3f p99.9=%.3f ms%n", r.test(), r.rps(), r.p50Ms(), r.p99Ms(),
                    r.p999Ms());
            if (hgrm) {
                System.out.print(ReportWriter.hgrm(r.histogram()));
            }
        }
        return 0;
    }
}
