package io.panamax.protocol.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import io.panamax.engine.lsm.FsyncPolicy;
import io.panamax.engine.lsm.LsmStore;
import io.panamax.engine.lsm.WriteBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard's part of the REST keyspace: its {@link LsmStore} and the writes to it that are queued but not yet
 * durable, by key. Everything but the store's own committer runs on the shard's event loop, so the map needs no lock.
 *
 * <p>Why the map: a write is acknowledged only once its WAL write is complete ({@link LsmStore#writeAsync}), and
 * becomes visible in the store at that moment. A request for a key with writes in flight is answered from the newest
 * of them (so a pipelined {@code GET} after a {@code PUT} sees it, and {@code POST}/{@code DELETE} test existence
 * against it), and its reply is held until that write is durable (a reader never learns a value that a crash could
 * still lose; if the write fails the reader gets 500 too). Writes to one shard commit in the order they were queued.
 *
 * <p>Group commit per loop iteration: writes are queued and committed together by one task that runs after the
 * iteration's reads ({@link #commitQueued}), as one {@link WriteBatch} (or a few, of at most
 * {@link #MAX_GROUP_BYTES} each). Under {@code fsync everysec} or {@code no} the WAL write is a copy into the page
 * cache, so the loop commits inline ({@link LsmStore#tryWrite}) and replies at once, as Redis writes its AOF buffer
 * before its loop sleeps; under {@code always}, or when the store would make the write wait (a stall), or while an
 * earlier group is still with the committer, the group goes to the store's committer thread
 * ({@link LsmStore#writeAsync}) and its replies come back to the loop in one task.
 */
final class RestShard {
    private static final Logger LOG = LoggerFactory.getLogger(RestShard.class);

    /** The newest write of a key that is queued and not yet durable. */
    static final class InFlight {
        /** The stored value (descriptor + body) the newest write puts, or null for a delete. */
        byte[] stored;
        /** Completes when the newest write is durable (the older ones are by then: FIFO commit). */
        CompletableFuture<Void> latest;
        /** Writes of the key in flight. */
        int count;
    }

    /** A group stops growing at this many encoded bytes (a single larger write still commits alone). */
    static final int MAX_GROUP_BYTES = 1 << 20;

    /** One write queued in this loop iteration. */
    private record Queued(byte[] key, byte[] stored, CompletableFuture<Void> done) {}

    final LsmStore store;
    final EventExecutor loop;
    private final boolean inlineCommit;
    private final HashMap<ByteBuffer, InFlight> inFlight = new HashMap<>();
    private final ArrayList<Queued> queued = new ArrayList<>();
    private final Runnable commitTask = this::commitQueued;
    private boolean commitScheduled;
    /** Groups handed to the committer thread and not yet complete: later groups must follow them there. */
    private int asyncGroups;

    RestShard(LsmStore store, EventExecutor loop) {
        this.store = store;
        this.loop = loop;
        this.inlineCommit = store.config().fsyncPolicy() != FsyncPolicy.ALWAYS;
    }

    /** Loop thread: the newest in-flight write of {@code key}, or null when the store has the latest state. */
    InFlight inFlight(byte[] key) {
        return inFlight.isEmpty() ? null : inFlight.get(ByteBuffer.wrap(key));
    }

    /** Loop thread: whether {@code key} exists, counting in-flight writes. */
    boolean exists(byte[] key, InFlight pending) {
        return pending != null ? pending.stored != null : store.get(key) != null;
    }

    /**
     * Loop thread: sends {@code r} once {@code pending} (if any) is durable, or 500 if it failed. {@code r} was
     * computed from the state {@code pending} leaves.
     */
    void replyAfter(InFlight pending, FullHttpResponse r, Consumer<FullHttpResponse> reply) {
        if (pending == null) {
            reply.accept(r);
            return;
        }
        pending.latest.whenComplete((ok, error) -> onLoop(() -> {
            if (error == null) {
                reply.accept(r);
            } else {
                r.release();
                reply.accept(storageError(error));
            }
        }));
    }

    /**
     * Loop thread: queues a put of {@code stored} (or a delete when null) for {@code key}; {@code ok} is sent once the
     * write is durable per the fsync policy, 500 when it fails.
     */
    void write(byte[] key, byte[] stored, FullHttpResponse ok, Consumer<FullHttpResponse> reply) {
        CompletableFuture<Void> done = new CompletableFuture<>(); // completed on the loop by commitQueued
        queued.add(new Queued(key, stored, done));
        if (!commitScheduled) {
            commitScheduled = true;
            try {
                loop.execute(commitTask);
            } catch (RejectedExecutionException shutDown) {
                commitScheduled = false;
                commitQueued();
            }
        }
        ByteBuffer k = ByteBuffer.wrap(key);
        InFlight e = inFlight.computeIfAbsent(k, x -> new InFlight());
        e.stored = stored;
        e.latest = done;
        e.count++;
        done.whenComplete((v, error) -> onLoop(() -> {
            settle(k, e);
            if (error == null) {
                reply.accept(ok);
            } else {
                ok.release();
                reply.accept(storageError(error));
            }
        }));
    }

    /** Loop thread, once per iteration with writes: commits the queued writes in order, in groups. */
    private void commitQueued() {
        commitScheduled = false;
        int from = 0;
        while (from < queued.size()) {
            WriteBatch batch = new WriteBatch();
            int to = from;
            do {
                Queued q = queued.get(to++);
                if (q.stored == null) {
                    batch.delete(q.key);
                } else {
                    batch.put(q.key, q.stored);
                }
            } while (to < queued.size() && batch.sizeBytes() < MAX_GROUP_BYTES);
            commit(batch, List.copyOf(queued.subList(from, to)));
            from = to;
        }
        queued.clear();
    }

    private void commit(WriteBatch batch, List<Queued> group) {
        if (inlineCommit && asyncGroups == 0) {
            boolean written;
            try {
                written = store.tryWrite(batch);
            } catch (RuntimeException error) {
                complete(group, error);
                return;
            }
            if (written) {
                complete(group, null);
                return;
            }
        }
        asyncGroups++;
        store.writeAsync(batch).whenComplete((v, error) -> onLoop(() -> { // completes on the committer: hop back
            asyncGroups--;
            complete(group, error);
        }));
    }

    private static void complete(List<Queued> group, Throwable error) {
        for (Queued q : group) {
            if (error == null) {
                q.done.complete(null);
            } else {
                q.done.completeExceptionally(error);
            }
        }
    }

    /** Runs {@code task} on this shard's loop (at once when already there). */
    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shutDown) {
            // The loop is gone, and with it every connection a reply could go to and every reader of the map.
        }
    }

    /** Loop thread: one write of {@code e} is durable (or failed); forget the key when it was the last one. */
    private void settle(ByteBuffer k, InFlight e) {
        if (--e.count == 0) {
            inFlight.remove(k, e);
        }
    }

    static FullHttpResponse storageError(Throwable error) {
        LOG.warn("REST store write failed: {}", error.toString());
        return HttpReplies.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Storage error");
    }
}
