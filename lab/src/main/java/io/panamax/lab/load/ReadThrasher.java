package io.panamax.lab.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The lab's blob-store read test, after minikeyvalue's {@code tools/thrasher-read.go} as seed 002 ran it ("1000 PUTs
 * and 1000000 GETs (1000 rounds)"): PUT {@code keys} fresh keys (201 each), then {@code rounds} rounds, each a GET of
 * every key through the master's 302 (200, same bytes), the workers sharing a round's keys and meeting at a barrier
 * before the next round. Results: {@code GET} (GETs per second over the GET phase) and {@code PUT} (over the PUT
 * phase). {@link #deleteKeys} removes what the run wrote, untimed, so repeated runs start from the same index.
 */
public final class ReadThrasher {

    private final ThrasherSpec spec;
    private final String[] keys;
    private final byte[][] values;
    private final boolean[] written;
    private final int rounds;
    private boolean ran;

    /**
     * @param keys keys to write and read (seed: 1,000)
     * @param gets GETs in all; rounds = {@code gets / keys}, at least 1 (seed: 1,000,000 in 1,000 rounds)
     * @throws IllegalArgumentException when {@code keys < 1} or {@code gets < 1}
     */
    public ReadThrasher(ThrasherSpec spec, int keys, long gets) {
        if (keys < 1 || gets < 1) {
            throw new IllegalArgumentException("keys=" + keys + " and gets=" + gets + " must be at least 1");
        }
        this.spec = spec;
        this.keys = new String[keys];
        this.values = new byte[keys][];
        this.written = new boolean[keys];
        this.rounds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, gets / keys));
        SplittableRandom random = new SplittableRandom(spec.seed());
        for (int i = 0; i < keys; i++) {
            this.keys[i] = BlobKeys.key(random);
            this.values[i] = BlobKeys.value(random);
        }
    }

    /** GET rounds: every key once per round. */
    public int rounds() {
        return rounds;
    }

    /** GETs a whole run sends: rounds x keys. */
    public long gets() {
        return (long) rounds * keys.length;
    }

    /**
     * PUTs the keys, then runs the GET rounds.
     *
     * @param hlog interval histogram log to write, or null
     * @throws IllegalStateException when called a second time (make a new instance: new keys)
     * @throws BlobFailure on the first answer the contract does not allow; a GET failure names its round and key
     *     index ({@code round 745 of 1000, key index 164}) as the seed's tool did
     */
    public List<LoadResult> run(Path hlog, long timeoutS, Supplier<BlobHttp> sessions)
            throws IOException, InterruptedException {
        if (ran) {
            throw new IllegalStateException("a ReadThrasher runs once: its keys are written by the first run");
        }
        ran = true;
        try (PrintStream log = hlog == null ? null : new PrintStream(Files.newOutputStream(hlog))) {
            BlobLatencies latencies = new BlobLatencies(log, "panamax lab thrasher --read: " + spec.workers()
                    + " workers, " + keys.length + " PUTs then " + gets() + " GETs in " + rounds + " rounds, seed "
                    + spec.seed() + ", master " + spec.masterUrl());
            long[] phaseEndNs = new long[rounds + 1]; // [0] end of the PUTs, [r] end of GET round r
            AtomicInteger phase = new AtomicInteger();
            AtomicInteger nextPut = new AtomicInteger();
            AtomicInteger nextGet = new AtomicInteger();
            int workers = spec.workers();
            CyclicBarrier barrier = new CyclicBarrier(workers, () -> {
                phaseEndNs[phase.getAndIncrement()] = System.nanoTime();
                nextGet.set(0);
            });
            long t0 = System.nanoTime();
            BlobWorkers.run(workers, sessions, spec.masterUrl(), latencies, timeoutS, (worker, ops, stopped) -> {
                for (int i = nextPut.getAndIncrement(); i < keys.length && !stopped.getAsBoolean();
                        i = nextPut.getAndIncrement()) {
                    ops.put(keys[i], values[i]);
                    written[i] = true;
                }
                await(barrier);
                for (int r = 1; r <= rounds; r++) {
                    for (int i = nextGet.getAndIncrement(); i < keys.length && !stopped.getAsBoolean();
                            i = nextGet.getAndIncrement()) {
                        try {
                            ops.get(keys[i], values[i]);
                        } catch (BlobFailure f) {
                            throw f.in("round " + r + " of " + rounds + ", key index " + i);
                        }
                    }
                    await(barrier);
                }
            });
            return List.of(latencies.result(BlobOp.GET, phaseEndNs[rounds] - phaseEndNs[0]),
                    latencies.result(BlobOp.PUT, phaseEndNs[0] - t0));
        }
    }

    private static void await(CyclicBarrier barrier) throws InterruptedException, IOException {
        try {
            barrier.await();
        } catch (BrokenBarrierException e) {
            throw new IOException("another worker stopped the run", e);
        }
    }

    /**
     * DELETEs every key a run wrote (204 each), untimed; a key whose PUT never succeeded is skipped.
     *
     * @throws BlobFailure on the first DELETE not answered 204
     */
    public void deleteKeys(long timeoutS, Supplier<BlobHttp> sessions) throws IOException, InterruptedException {
        AtomicInteger next = new AtomicInteger();
        BlobLatencies untimed = new BlobLatencies(null, "cleanup");
        BlobWorkers.run(spec.workers(), sessions, spec.masterUrl(), untimed, timeoutS, (worker, ops, stopped) -> {
            for (int i = next.getAndIncrement(); i < keys.length && !stopped.getAsBoolean(); i = next.getAndIncrement()) {
                if (written[i]) {
                    ops.delete(keys[i]);
                    written[i] = false;
                }
            }
        });
    }
}
