package io.panamax.lab.run;

import io.panamax.lab.load.BlobHttp;
import io.panamax.lab.load.BlobHttpClient;
import io.panamax.lab.load.BlobLatencies;
import io.panamax.lab.load.BlobOp;
import io.panamax.lab.load.BlobOperations;
import io.panamax.lab.load.HttpReply;
import io.panamax.lab.load.LoadResult;
import io.panamax.lab.load.ReadThrasher;
import io.panamax.lab.load.Thrasher;
import io.panamax.lab.load.ThrasherSpec;
import io.panamax.lab.load.WrkScript;
import io.panamax.lab.matrix.RowSpec;
import io.panamax.lab.server.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The minikeyvalue matrix's own load in a lab run: one run of a {@code thrasher} or {@code thrasher-read} row
 * ({@link Thrasher}, {@link ReadThrasher}) against a blob master, its untimed warm-up passes, and the key the
 * {@code wrk-get-key} row reads. A row's {@code clients} are the workers, its {@code threads} the client's event
 * loops, its {@code requests} the cycles (thrasher) or GETs (thrasher-read), its {@code keyspace} the keys the read
 * test writes. Every run and pass uses a fresh seed, so fresh keys.
 */
final class BlobLoads {

    /** A warm-up pass is this fraction of the row's own load (with {@code --quick}: twice as small) ... */
    static final int WARM_UP_FRACTION = 10;
    /** ... but at most this many thrasher cycles (a few seconds here) ... */
    static final long WARM_UP_CYCLES = 2_000;
    /** ... or this many read-test GETs. */
    static final long WARM_UP_GETS = 10_000;
    /** The value stored under {@link WrkScript#BLOB_KEY} for the wrk row. */
    static final byte[] WRK_VALUE = "value-wrk-get-key".getBytes(StandardCharsets.US_ASCII);
    /** Limit on one run or pass, seconds. */
    static final long TIMEOUT_S = 3_600;

    private BlobLoads() {}

    /** What one run returned, with its exact command and the time it ended (before any cleanup). */
    record Run(List<LoadResult> results, String command, long endNs) {}

    static ThrasherSpec spec(RowSpec row, ServerProcess server, long seed) {
        return new ThrasherSpec("127.0.0.1", server.ports().http(), row.clients(), row.threads(), seed);
    }

    /**
     * Cycles of one thrasher warm-up pass, or GETs of one read-test pass (at least one round); {@code --quick}
     * halves the pass, so a quick matrix stays near two minutes with 36 JVM start-ups.
     */
    static long warmUpRequests(RowSpec row, boolean quick) {
        long n = row.requests() / WARM_UP_FRACTION / (quick ? 2 : 1);
        return row.tool().equals("thrasher") ? Math.max(1, Math.min(WARM_UP_CYCLES, n))
                : Math.max(row.keyspace(), Math.min(WARM_UP_GETS, n));
    }

    /**
     * One run of {@code row} with {@code requests} cycles or GETs. {@code timedPartDone} runs as soon as the timed
     * part ends, before a read test deletes its keys (and before the client shuts down), so a caller that reads its
     * CPU counters there leaves the cleanup out of the measurement.
     *
     * @param hlog interval histogram log, or null
     */
    static Run run(RowSpec row, ServerProcess server, long requests, Path hlog, Runnable timedPartDone)
            throws IOException, InterruptedException {
        ThrasherSpec spec = spec(row, server, System.nanoTime());
        try (BlobHttpClient client = new BlobHttpClient(spec.threads(), ThrasherSpec.REQUEST_TIMEOUT_MS)) {
            if (row.tool().equals("thrasher")) {
                List<LoadResult> r = Thrasher.run(spec, requests, hlog, TIMEOUT_S, client::session);
                long endNs = System.nanoTime();
                timedPartDone.run();
                return new Run(r, command(spec, "--cycles " + requests), endNs);
            }
            ReadThrasher read = new ReadThrasher(spec, (int) row.keyspace(), requests);
            List<LoadResult> r;
            try {
                r = read.run(hlog, TIMEOUT_S, client::session);
            } catch (IOException e) {
                try {
                    read.deleteKeys(TIMEOUT_S, client::session);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            long endNs = System.nanoTime();
            timedPartDone.run();
            read.deleteKeys(TIMEOUT_S, client::session);
            return new Run(r, command(spec, "--read --keys " + row.keyspace() + " --gets " + read.gets()), endNs);
        }
    }

    /** The {@code bin/panamax lab thrasher} command reproducing a run. */
    static String command(ThrasherSpec spec, String counts) {
        return "bin/panamax lab thrasher --host " + spec.host() + " --port " + spec.port() + " --workers "
                + spec.workers() + " --threads " + spec.threads() + " " + counts + " --seed " + spec.seed();
    }

    /**
     * Warms the store with passes of the row's own load until its rate is steady ({@link SteadyWarmUp}); a pass's
     * rate is cycles/s (thrasher) or GETs/s (read test).
     *
     * @return the pass command and every pass's rate, for the report
     */
    static String warmUp(RowSpec row, ServerProcess server, boolean quick) throws IOException, InterruptedException {
        long n = warmUpRequests(row, quick);
        String test = row.tool().equals("thrasher") ? BlobOp.CYCLE.name() : BlobOp.GET.name();
        String[] first = new String[1];
        List<Double> rates = SteadyWarmUp.run(() -> {
            Run pass = run(row, server, n, null, () -> {});
            if (first[0] == null) {
                first[0] = pass.command();
            }
            return pass.results().stream().filter(r -> r.test().equals(test)).findFirst().orElseThrow().rps();
        });
        return "`" + first[0] + "` (a new seed each pass; rates are " + (test.equals("CYCLE") ? "cycles" : "GETs")
                + "/s), " + SteadyWarmUp.describe(rates);
    }

    /**
     * Makes sure {@link WrkScript#BLOB_KEY} exists on the master at {@code port} (PUT when its GET answers 404) and
     * reads back through the redirect as {@link #WRK_VALUE}.
     *
     * @throws IOException when the master answers anything else (naming the status)
     */
    static void preloadKey(int port) throws IOException, InterruptedException {
        String master = "http://127.0.0.1:" + port;
        try (BlobHttpClient client = new BlobHttpClient(1, ThrasherSpec.REQUEST_TIMEOUT_MS);
                BlobHttp http = client.session()) {
            BlobOperations ops = new BlobOperations(http, master, new BlobLatencies(null, "preload"));
            HttpReply r = http.send("GET", master + WrkScript.BLOB_KEY, null);
            if (r.status() == 404) {
                ops.put(WrkScript.BLOB_KEY, WRK_VALUE);
            } else if (r.status() != 302) {
                throw new IOException(String.format(Locale.ROOT, "wrk key preload: GET %s%s answered status=%d,"
                        + " expected 302 or 404", master, WrkScript.BLOB_KEY, r.status()));
            }
            ops.get(WrkScript.BLOB_KEY, WRK_VALUE);
        }
    }
}
