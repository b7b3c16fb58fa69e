package io.panamax.lab.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The lab's blob-store thrasher, after minikeyvalue's {@code tools/thrasher.go} (written here from its description in
 * seed 002, not copied): {@link ThrasherSpec#workers()} closed-loop workers share {@code cycles} write/read/delete
 * cycles; each cycle takes a fresh random key {@code /benchmark-<n>} and value {@code value-<n>}
 * ({@link BlobKeys}), PUTs it (201), GETs it through the master's 302 (200, same bytes) and DELETEs it (204). The
 * first wrong answer fails the run ({@link BlobFailure}, naming the key and statuses). Results, in this order:
 * {@code CYCLE} (cycles per second, latency of a whole cycle), then {@code PUT}, {@code GET} (the redirect included)
 * and {@code DELETE}, each with its own latency histogram; every rate is over the run's wall time.
 */
public final class Thrasher {

    private Thrasher() {}

    /** Runs over the lab's Netty HTTP client with {@link ThrasherSpec#threads()} event loops. */
    public static List<LoadResult> run(ThrasherSpec spec, long cycles, Path hlog, long timeoutS)
            throws IOException, InterruptedException {
        try (BlobHttpClient client = new BlobHttpClient(spec.threads(), ThrasherSpec.REQUEST_TIMEOUT_MS)) {
            return run(spec, cycles, hlog, timeoutS, client::session);
        }
    }

    /**
     * Runs {@code cycles} cycles with sessions from {@code sessions} (one per worker).
     *
     * @param hlog interval histogram log to write, or null
     * @param timeoutS limit on the whole run
     * @throws BlobFailure on the first answer the contract does not allow
     * @throws IOException on a timeout or when the log cannot be written
     * @throws IllegalArgumentException when {@code cycles < 1}
     */
    public static List<LoadResult> run(ThrasherSpec spec, long cycles, Path hlog, long timeoutS,
            Supplier<BlobHttp> sessions) throws IOException, InterruptedException {
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles=" + cycles + " must be at least 1");
        }
        try (PrintStream log = hlog == null ? null : new PrintStream(Files.newOutputStream(hlog))) {
            BlobLatencies latencies = new BlobLatencies(log, "panamax lab thrasher: " + spec.workers() + " workers, "
                    + cycles + " PUT/GET/DELETE cycles, seed " + spec.seed() + ", master " + spec.masterUrl());
            AtomicLong next = new AtomicLong();
            long t0 = System.nanoTime();
            BlobWorkers.run(spec.workers(), sessions, spec.masterUrl(), latencies, timeoutS, (worker, ops, stopped) -> {
                SplittableRandom random = new SplittableRandom(BlobKeys.workerSeed(spec.seed(), worker));
                while (!stopped.getAsBoolean() && next.getAndIncrement() < cycles) {
                    String key = BlobKeys.key(random);
                    byte[] value = BlobKeys.value(random);
                    long start = System.nanoTime();
                    ops.put(key, value);
                    ops.get(key, value);
                    ops.delete(key);
                    latencies.record(BlobOp.CYCLE, start, System.nanoTime());
                }
            });
            long elapsedNs = System.nanoTime() - t0;
            return List.of(latencies.result(BlobOp.CYCLE, elapsedNs), latencies.result(BlobOp.PUT, elapsedNs),
                    latencies.result(BlobOp.GET, elapsedNs), latencies.result(BlobOp.DELETE, elapsedNs));
        }
    }
}
