package io.panamax.engine.lsm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The asynchronous write path of one {@link LsmStore} ({@link LsmStore#writeAsync}): callers (event loops) only
 * enqueue; one committer thread drains everything queued meanwhile, commits it as one WAL record through the store's
 * ordinary group commit (one WAL write, and one fsync under {@link FsyncPolicy#ALWAYS}), then completes the futures in
 * submission order. Write stalls (memtables full, level 0 behind) block the committer thread, never a caller.
 *
 * <p>The queue is unbounded: callers bound it (the REST connections stop reading at a fixed number of unanswered
 * requests). Completion order equals submission order, and a failed commit fails every future of its group (and,
 * through the store's sticky error, every later one).
 */
final class AsyncCommitter {
    /** A group stops growing at this many encoded bytes (a single larger batch still commits alone). */
    static final long MAX_GROUP_BYTES = 1 << 20;

    private record Pending(WriteBatch batch, CompletableFuture<Void> done) {}

    private final LsmStore store;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean parked;
    private volatile boolean stopping;

    AsyncCommitter(LsmStore store, String name) {
        this.store = store;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Enqueues {@code batch} (not copied: the caller must not touch it again). Never blocks. */
    CompletableFuture<Void> submit(WriteBatch batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (stopping) {
            done.completeExceptionally(new StoreException("store is closed: dir=" + store.dir));
            return done;
        }
        queue.add(new Pending(batch, done));
        if (parked) {
            LockSupport.unpark(thread);
        }
        if (stopping) { // raced with stop(): the committer may have drained already
            failRemaining();
        }
        return done;
    }

    /** Commits what is queued, stops the thread; later submits fail. Called by close() before it closes the store. */
    void stop() {
        stopping = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        failRemaining();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        for (; ; ) {
            Pending first = queue.poll();
            if (first == null) {
                if (stopping) {
                    return;
                }
                parked = true;
                if (queue.isEmpty() && !stopping) {
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
            group.add(first);
            long bytes = first.batch.sizeBytes();
            Pending next;
            while (bytes < MAX_GROUP_BYTES && (next = queue.peek()) != null
                    && bytes + next.batch.sizeBytes() <= MAX_GROUP_BYTES) {
                queue.poll();
                group.add(next);
                bytes += next.batch.sizeBytes();
            }
            commit(group);
            group.clear();
        }
    }

    private void commit(List<Pending> group) {
        RuntimeException error = null;
        try {
            WriteBatch batch = group.getFirst().batch;
            if (group.size() > 1) {
                batch = new WriteBatch();
                for (Pending p : group) {
                    batch.appendAll(p.batch);
                }
            }
            store.write(batch);
        } catch (RuntimeException e) {
            error = e;
        } catch (Error e) {
            error = new StoreException("write failed: " + e, e);
        }
        for (Pending p : group) {
            if (error == null) {
                p.done.complete(null);
            } else {
                p.done.completeExceptionally(error);
            }
        }
    }

    private void failRemaining() {
        Pending p;
        while ((p = queue.poll()) != null) {
            p.done.completeExceptionally(new StoreException("store is closed: dir=" + store.dir));
        }
    }
}
