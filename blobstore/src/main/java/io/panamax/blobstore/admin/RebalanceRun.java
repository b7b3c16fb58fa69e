package io.panamax.blobstore.admin;

import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.IndexRecord;
import io.panamax.engine.lsm.LsmIterator;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code panamax blob rebalance}: every live record of the index through {@link Rebalancer}, on a bounded worker
 * pool, with a progress line per second. Unlinked records are left alone (Go rebalanced them and stored them live
 * again, resurrecting deleted keys). Runs with the master stopped: the index directory is locked by one process.
 */
public final class RebalanceRun {
    private RebalanceRun() {}

    /**
     * Counts of a run.
     *
     * @param checked live records looked at
     * @param moved records whose files or replica list changed
     * @param failed records that could not be put on their placement (each printed with its reason)
     */
    public record Summary(long checked, long moved, long failed) {}

    /** Rebalances every live key; blocking. Failures are printed to {@code out} and counted. */
    public static Summary run(BlobIndex index, Rebalancer rebalancer, int workers, PrintStream out)
            throws InterruptedException {
        AtomicLong checked = new AtomicLong();
        AtomicLong moved = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (WorkerPool pool = new WorkerPool(workers, "panamax-rebalance");
                Progress progress = new Progress(out, () -> "rebalance: checked " + checked.get() + ", moved "
                        + moved.get() + ", failed " + failed.get());
                LsmIterator it = index.store().iterator()) {
            while (it.next()) {
                byte[] key = it.keyBytes();
                IndexRecord rec;
                try {
                    rec = IndexRecord.decode(it.valueBytes());
                } catch (IllegalArgumentException e) {
                    out.println("rebalance: key=\"" + BlobIndex.keyText(key) + "\" skipped: " + e.getMessage());
                    failed.incrementAndGet();
                    continue;
                }
                if (rec.unlinked()) {
                    continue;
                }
                pool.submit(() -> {
                    Rebalancer.Result r;
                    try {
                        r = rebalancer.rebalance(key, rec);
                    } catch (RuntimeException e) {
                        r = new Rebalancer.Result(false, false, e.toString());
                    }
                    checked.incrementAndGet();
                    if (r.moved()) {
                        moved.incrementAndGet();
                    }
                    if (!r.ok()) {
                        failed.incrementAndGet();
                        out.println("rebalance: key=\"" + BlobIndex.keyText(key) + "\" failed: " + r.message());
                    }
                });
            }
            pool.await();
        }
        return new Summary(checked.get(), moved.get(), failed.get());
    }
}
