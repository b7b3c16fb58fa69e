package io.panamax.protocol.http;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time in submission order on a shared executor: one connection's store operations, so a
 * pipelined GET sees the PUT before it. At most one task of the queue is submitted to the delegate at a time (the
 * drain loop runs until the queue is empty). If the delegate refuses (shutting down), the tasks run on the caller.
 */
final class SerialExecutor implements Executor, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks queued and not finished; the submitter that raises it from 0 starts the drain. */
    private final AtomicInteger size = new AtomicInteger();

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (size.getAndIncrement() == 0) {
            try {
                delegate.execute(this);
            } catch (RejectedExecutionException e) {
                run();
            }
        }
    }

    /** Drains the queue. */
    @Override
    public void run() {
        do {
            Runnable task = tasks.poll();
            try {
                task.run();
            } catch (Throwable t) {
                LOG.warn("REST task failed", t);
            }
        } while (size.decrementAndGet() != 0);
    }
}
