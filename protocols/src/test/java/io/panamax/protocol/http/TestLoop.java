package io.panamax.protocol.http;

import io.netty.util.concurrent.AbstractEventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A shard "event loop" for unit tests: the test thread is the loop thread (work submitted from it runs inline via
 * {@code inEventLoop}); tasks from other threads (store committers) queue until the test thread {@link #runPending}s.
 */
final class TestLoop extends AbstractEventExecutor {
    private final Thread owner = Thread.currentThread();
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    /** Runs the queued tasks; waits up to {@code waitMs} for the first one. Returns how many ran. */
    int runPending(long waitMs) throws InterruptedException {
        Runnable t = tasks.poll(waitMs, TimeUnit.MILLISECONDS);
        int n = 0;
        while (t != null) {
            t.run();
            n++;
            t = tasks.poll();
        }
        return n;
    }

    @Override
    public boolean inEventLoop(Thread thread) {
        return thread == owner;
    }

    @Override
    public void execute(Runnable command) {
        tasks.add(command);
    }

    @Override
    public boolean isShuttingDown() {
        return false;
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        return terminationFuture();
    }

    @Override
    public Future<?> terminationFuture() {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
    }

    @Override
    @Deprecated
    public void shutdown() {}

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}
