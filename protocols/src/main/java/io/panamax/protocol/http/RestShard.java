package io.panamax.protocol.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import io.panamax.engine.lsm.LsmStore;
import io.panamax.engine.lsm.WriteBatch;
import java.nio.ByteBuffer;
import java.util.HashMap;
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

    final LsmStore store;
    final EventExecutor loop;
    private final HashMap<ByteBuffer, InFlight> inFlight = new HashMap<>();

    RestShard(LsmStore store, EventExecutor loop) {
        this.store = store;
        this.loop = loop;
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
        WriteBatch batch = stored == null ? new WriteBatch().delete(key) : new WriteBatch().put(key, stored);
        CompletableFuture<Void> done = store.writeAsync(batch);
        ByteBuffer k = ByteBuffer.wrap(key);
        InFlight e = inFlight.computeIfAbsent(k, x -> new InFlight());
        e.stored = stored;
        e.latest = done;
        e.count++;
        done.whenComplete((v, error) -> onLoop(() -> { // completes on the committer thread: hop back
            settle(k, e);
            if (error == null) {
                reply.accept(ok);
            } else {
                ok.release();
                reply.accept(storageError(error));
            }
        }));
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
