package io.panamax.lab;

import io.panamax.lab.load.LoadGenerator;
import io.panamax.lab.load.LoadResult;
import io.panamax.lab.load.LoadSpec;
import io.panamax.lab.load.RedisBenchmarkCsv;
import io.panamax.lab.report.ReportWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab load}: the lab's own load generator against any host:port, closed or open loop, RESP or cache protocol. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Drive a server with the lab's Netty load generator; prints CSV (redis-benchmark format) and p99.9.")
public final class LoadCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", defaultValue = "6379") int port;
    @Option(names = "--protocol", defaultValue = "resp", description = "resp or cache") String protocol;
    @Option(names = "-c", defaultValue = "50", description = "connections") int connections;
    @Option(names = "-P", defaultValue = "1", description = "pipeline depth (closed loop)") int pipeline;
    @Option(names = "--threads", defaultValue = "1") int threads;
    @Option(names = "-n", defaultValue = "100000", description = "requests") long requests;
    @Option(names = "-d", defaultValue = "3", description = "value size in bytes") int dataSize;
    @Option(names = "-r", defaultValue = "100000", description = "key space") long keyspace;
    @Option(names = "--set-ratio", defaultValue = "0.5", description = "fraction of SETs (1 = SET only, 0 = GET only)") double setRatio;
    @Option(names = "--rate", defaultValue = "0", description = "open loop: requests/s over all connections (0 = closed loop)") int rate;
    @Option(names = "--hlog", description = "write an HdrHistogram interval log here") Path hlog;
    @Option(names = "--hgrm", description = "print the percentile distribution of each test") boolean hgrm;

    @Override
    public Integer call() throws Exception {
        String test = setRatio >= 1 ? "SET" : setRatio <= 0 ? "GET" : "MIX";
        LoadSpec spec = new LoadSpec(host, port, protocol, connections, pipeline, threads, requests, rate, setRatio,
                dataSize, keyspace, false, test);
        System.err.println("load: " + spec.describe());
        List<LoadResult> results = new LoadGenerator(spec).run(hlog,
                n -> System.err.printf("load: %d/%d replies%n", n, requests), 3600);
        System.out.print(RedisBenchmarkCsv.write(results));
        for (LoadResult r : results) {
            System.out.printf("# %s p99.9=%.3f ms errors=%d%n", r.test(), r.p999Ms(), r.errors());
            if (hgrm) {
                System.out.print(ReportWriter.hgrm(r.histogram()));
            }
        }
        return 0;
    }
}
