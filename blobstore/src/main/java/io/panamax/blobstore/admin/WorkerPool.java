package io.panamax.blobstore.admin;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;

/**
 * A bounded pool for the tools: {@code workers} threads, and a submitter that blocks once {@code 4 × workers} tasks
 * are queued, so a scan of billions of keys never queues them all. {@link #await()} waits for every task.
 */
final class WorkerPool implements AutoCloseable {
    private final ExecutorService threads;
    private final Semaphore slots;
    private final Phaser inFlight = new Phaser(1);

    WorkerPool(int workers, String name) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers=" + workers + " must be >= 1");
        }
        this.threads = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(workers * 4);
    }

    /** Runs {@code task} on a worker; blocks while the queue is full. Exceptions of a task are the task's business. */
    void submit(Runnable task) throws InterruptedException {
        slots.acquire();
        inFlight.register();
        threads.execute(() -> {
            try {
                task.run();
            } finally {
                slots.release();
                inFlight.arriveAndDeregister();
            }
        });
    }

    /** Waits until every submitted task has finished. */
    void await() {
        inFlight.arriveAndAwaitAdvance();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
