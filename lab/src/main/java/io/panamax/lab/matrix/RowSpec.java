package io.panamax.lab.matrix;

import io.panamax.lab.hardware.SeedRow;
import java.util.List;

/**
 * One executable row: a seed row after keyspace correction and scaling to the machine at hand.
 *
 * @param id row id as reported ({@code <seed id>} or {@code <seed id>-as-published})
 * @param title human title
 * @param sourceProfile id of the seed machine profile it came from
 * @param tool {@code redis-benchmark}, {@code resp-load} or {@code cache-load}
 * @param asPublished true for the literal seed command (including an overflowing {@code -r})
 * @param pipeline requests in flight per connection
 * @param dataSize value size in bytes
 * @param threads client threads
 * @param tests tests, lower case
 * @param requests requests per test
 * @param clients connections
 * @param keyspace random key space ({@code -r})
 * @param setRatio SET fraction for a mix test
 * @param rate open-loop rate (requests/s), 0 = closed loop
 * @param protocol {@code resp} or {@code cache}
 * @param preload write the key space before the test
 * @param scaling one sentence per scaling decision, each naming the seed value and the value used
 * @param seed the seed row it came from
 * @param peerProtocol protocol the peers speak ({@code protocol} unless the seed row says otherwise)
 * @param durationS seconds per test for timed tools (wrk), 0 for request-counted tools
 */
public record RowSpec(
        String id,
        String title,
        String sourceProfile,
        String tool,
        boolean asPublished,
        int pipeline,
        int dataSize,
        int threads,
        List<String> tests,
        long requests,
        int clients,
        long keyspace,
        double setRatio,
        int rate,
        String protocol,
        boolean preload,
        List<String> scaling,
        SeedRow seed,
        String peerProtocol,
        int durationS) {

    public RowSpec {
        tests = List.copyOf(tests);
        scaling = List.copyOf(scaling);
    }

    /** This row with {@code n} requests per test (a shorter pass of the same load, e.g. a warm-up). */
    public RowSpec withRequests(long n) {
        return new RowSpec(id, title, sourceProfile, tool, asPublished, pipeline, dataSize, threads, tests, n, clients,
                keyspace, setRatio, rate, protocol, preload, scaling, seed, peerProtocol, durationS);
    }

    /** Total requests this row sends to one server per round (all tests). */
    public long totalRequests() {
        return requests * tests.size();
    }
}
