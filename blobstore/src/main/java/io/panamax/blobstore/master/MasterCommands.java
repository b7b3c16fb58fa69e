package io.panamax.blobstore.master;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.IndexRecord;
import io.panamax.blobstore.KeyLocks;
import io.panamax.blobstore.admin.Rebalancer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's API ({@code specs/blobstore.md}, "Master API"; Go minikeyvalue's {@code ServeHTTP}), one method per
 * row of the table: reads in {@link ReadCommand}, PUT in {@link PutCommand}, DELETE and UNLINK in
 * {@link DeleteCommand}, listings in {@link ListCommand}, REBALANCE here.
 *
 * <pre>
 *   GET|HEAD  /key            302 Location + Content-Md5, Key-Volumes, Key-Balance; 404 (Content-Length: 0)
 *   PUT       /key            201 | 403 live | 409 locked | 411 empty | 500 replica failed (record left unlinked)
 *   DELETE    /key            204 | 404 absent | 403 --protect and live | 409 | 500 volume failed (stays unlinked)
 *   UNLINK    /key            204 | 404 absent or unlinked | 409
 *   REBALANCE /key            204 | 404 not live | 400 failed | 409
 *   GET  /prefix?list|?unlinked[&amp;limit=N][&amp;start=K]   200 {"next","keys"} | 400 bad limit
 *   other query 403, other method 405
 * </pre>
 */
final class MasterCommands {
    private static final Logger LOG = LoggerFactory.getLogger(MasterCommands.class);
    static final String ALLOW = "GET, HEAD, PUT, DELETE, UNLINK, REBALANCE";

    final MasterConfig config;
    final BlobIndex index;
    final KeyLocks locks;
    final VolumeClient volumes;
    final ReplicaCache replicaCache;
    /** Runs blocking work (listings, rebalance copies) off the event loops. */
    final ExecutorService blocking;
    final Rebalancer rebalancer;
    private final ListCommand list;
    private final ReadCommand read;
    private final DeleteCommand delete;

    MasterCommands(MasterConfig config, BlobIndex index, VolumeClient volumes, ExecutorService blocking,
            Rebalancer rebalancer) {
        this.config = config;
        this.index = index;
        this.locks = new KeyLocks();
        this.volumes = volumes;
        this.replicaCache = new ReplicaCache(config.headCacheMs());
        this.blocking = blocking;
        this.rebalancer = rebalancer;
        this.list = new ListCommand(index, blocking);
        this.read = new ReadCommand(this);
        this.delete = new DeleteCommand(this);
    }

    void handle(MasterRequest r, Exchange ex) {
        String m = r.method();
        boolean known = switch (m) {
            case "GET", "HEAD", "PUT", "DELETE", "UNLINK", "REBALANCE" -> true;
            default -> false;
        };
        if (!known) {
            FullHttpResponse reply = MasterReplies.empty(HttpResponseStatus.METHOD_NOT_ALLOWED);
            reply.headers().set(HttpHeaderNames.ALLOW, ALLOW);
            ex.respond(reply);
            return;
        }
        if (r.rawQuery() != null) {
            if (m.equals("GET")) {
                list.handle(r, ex);
            } else {
                ex.respond(MasterReplies.empty(HttpResponseStatus.FORBIDDEN));
            }
            return;
        }
        switch (m) {
            case "GET", "HEAD" -> read.handle(r, ex);
            case "PUT" -> new PutCommand(this, r, ex).begin();
            case "DELETE" -> delete.handle(r, ex, false);
            case "UNLINK" -> delete.handle(r, ex, true);
            default -> rebalance(r, ex);
        }
    }

    /** Returned by {@link #record} after it answered 500 for a damaged record. */
    static final IndexRecord UNREADABLE = IndexRecord.live(null, List.of("unreadable"));

    /**
     * The record of {@code key}, or null when absent; {@link #UNREADABLE} (500 already answered) when the stored
     * record is damaged or the index failed.
     */
    IndexRecord record(byte[] key, Exchange ex) {
        try {
            return index.get(key);
        } catch (RuntimeException e) {
            LOG.error("index read failed: {}", e.getMessage());
            ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
            return UNREADABLE;
        }
    }

    /** Takes the key's write lock (released when the request is answered); false after answering 409. */
    boolean lock(byte[] key, Exchange ex) {
        if (!locks.tryLock(key)) {
            ex.respond(MasterReplies.empty(HttpResponseStatus.CONFLICT));
            return false;
        }
        ex.onRespond(() -> locks.unlock(key));
        return true;
    }

    /** Answers {@code success} once {@code write} is durable, 500 if it failed. */
    static void committed(CompletableFuture<Void> write, Exchange ex, HttpResponseStatus success) {
        write.whenComplete((ok, failure) -> ex.loop().execute(() -> {
            if (failure != null) {
                LOG.error("index write failed: {}", failure.toString());
                ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
            } else {
                ex.respond(MasterReplies.empty(success));
            }
        }));
    }

    private void rebalance(MasterRequest r, Exchange ex) {
        byte[] key = r.key();
        if (!lock(key, ex)) {
            return;
        }
        IndexRecord rec = record(key, ex);
        if (rec == UNREADABLE) {
            return;
        }
        if (rec == null || rec.unlinked()) {
            ex.respond(MasterReplies.empty(HttpResponseStatus.NOT_FOUND));
            return;
        }
        replicaCache.invalidate(key);
        blocking.execute(() -> {
            boolean ok;
            try {
                ok = rebalancer.rebalance(key, rec).ok();
            } catch (RuntimeException e) {
                LOG.error("rebalance of {} failed", BlobIndex.keyText(key), e);
                ok = false;
            }
            boolean done = ok;
            ex.loop().execute(() -> ex.respond(
                    MasterReplies.empty(done ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.BAD_REQUEST)));
        });
    }
}
