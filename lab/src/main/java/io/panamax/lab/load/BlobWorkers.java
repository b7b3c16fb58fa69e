package io.panamax.lab.load;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs the workers of one blob load-generator run: each on its own virtual thread with its own {@link BlobHttp}
 * session and {@link BlobOperations}, while the calling thread drains the latencies once a second. The first worker
 * to fail stops the run: the others see {@code stopped} turn true and are interrupted (a worker waiting for a
 * response or at a round barrier leaves at once), every session is closed, and {@link #run} throws that first
 * failure, not the interruptions it caused. The failing worker interrupts the others itself, so a failure ends the
 * run within one request's time, not the next once-a-second drain.
 */
final class BlobWorkers {

    /** Seconds to wait for interrupted workers to leave after a failure or a timeout. */
    static final long STOP_WAIT_S = 30;

    /** What one worker does; returns when its share of the run is done. */
    @FunctionalInterface
    interface Body {
        /**
         * @param worker 0-based worker number
         * @param ops the worker's checked operations
         * @param stopped true once another worker failed: return promptly
         */
        void run(int worker, BlobOperations ops, BooleanSupplier stopped) throws Exception;
    }

    private BlobWorkers() {}

    /**
     * Runs {@code workers} workers of {@code body} to their end.
     *
     * @param timeoutS the whole run's limit; beyond it the run fails naming the limit
     * @throws BlobFailure the first worker failure
     * @throws IOException a worker's other exception (wrapped), or the timeout
     */
    static void run(int workers, Supplier<BlobHttp> sessions, String masterUrl, BlobLatencies latencies, long timeoutS,
            Body body) throws IOException, InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(workers);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int w = 0; w < workers; w++) {
                int worker = w;
                if (failure.get() != null) { // an early worker already failed and shut the pool: start no more
                    for (int rest = w; rest < workers; rest++) {
                        done.countDown();
                    }
                    break;
                }
                Runnable task = () -> {
                    try (BlobHttp http = sessions.get()) {
                        body.run(worker, new BlobOperations(http, masterUrl, latencies), stop::get);
                    } catch (Throwable t) {
                        // only the first counts: later ones are the interruptions it caused
                        if (failure.compareAndSet(null, t)) {
                            stop.set(true);
                            pool.shutdownNow(); // interrupts the others at once (waiting for a response or a round)
                        }
                    } finally {
                        done.countDown();
                    }
                };
                try {
                    pool.execute(task);
                } catch (RejectedExecutionException shutByAFailure) { // between the check above and here
                    for (int rest = w; rest < workers; rest++) {
                        done.countDown();
                    }
                    break;
                }
            }
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
            while (!done.await(1, TimeUnit.SECONDS)) {
                latencies.drain();
                if (System.nanoTime() > deadlineNs) {
                    failure.compareAndSet(null, new IOException("blob load run did not finish within " + timeoutS
                            + " s (" + done.getCount() + " of " + workers + " workers still busy)"));
                }
                if (failure.get() != null) {
                    stop.set(true);
                    pool.shutdownNow();
                    if (!done.await(STOP_WAIT_S, TimeUnit.SECONDS)) {
                        break;
                    }
                }
            }
            latencies.drain();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(STOP_WAIT_S, TimeUnit.SECONDS);
        }
        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof InterruptedException ie) {
            throw ie;
        }
        if (t != null) {
            throw new IOException("blob load worker failed: " + t, t);
        }
    }
}
