package io.panamax.blobstore.master;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.IndexRecord;
import io.panamax.blobstore.KeyLocks;
import io.panamax.blobstore.VolumePath;
import io.panamax.blobstore.admin.Rebalancer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's API ({@code specs/blobstore.md}, "Master API"; Go minikeyvalue's {@code ServeHTTP}), one method per
 * row of the table; PUT lives in {@link PutCommand}, listings in {@link ListCommand}.
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
            case "GET", "HEAD" -> read(r, ex);
            case "PUT" -> new PutCommand(this, r, ex).begin();
            case "DELETE" -> delete(r, ex, false);
            case "UNLINK" -> delete(r, ex, true);
            default -> rebalance(r, ex);
        }
    }

    /** The record of the key (null when absent); throws when the stored record is damaged. */
    private IndexRecord record(byte[] key) {
        return index.get(key);
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

    private void read(MasterRequest r, Exchange ex) {
        IndexRecord rec;
        try {
            rec = record(r.key());
        } catch (RuntimeException e) {
            LOG.error("index read failed: {}", e.getMessage());
            ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
            return;
        }
        if (rec == null || rec.unlinked()) {
            ex.respond(config.fallback() == null ? MasterReplies.empty(HttpResponseStatus.NOT_FOUND)
                    : MasterReplies.redirect("http://" + config.fallback() + r.rawPath()));
            return;
        }
        String path = VolumePath.of(r.key());
        String cached = replicaCache.get(r.key());
        if (cached != null && rec.volumes().contains(cached)) {
            ex.respond(located(rec, r.key(), cached, path));
            return;
        }
        List<String> order = new ArrayList<>(rec.volumes());
        Collections.shuffle(order, ThreadLocalRandom.current());
        probe(rec, r.key(), path, order, 0, ex);
    }

    /** HEADs the replicas one by one in random order (as Go does); redirects to the first with the file. */
    private void probe(IndexRecord rec, byte[] key, String path, List<String> order, int i, Exchange ex) {
        if (i == order.size()) {
            ex.respond(MasterReplies.empty(HttpResponseStatus.NOT_FOUND)); // no live replica
            return;
        }
        String replica = order.get(i);
        volumes.exchange(ex.loop(), replica, HttpMethod.HEAD, VolumeClient.pathPrefix(replica) + path,
                config.volumeTimeoutMs(), status -> {
                    if (status == 200) {
                        replicaCache.put(key, replica);
                        ex.respond(located(rec, key, replica, path));
                    } else {
                        probe(rec, key, path, order, i + 1, ex);
                    }
                });
    }

    private FullHttpResponse located(IndexRecord rec, byte[] key, String replica, String path) {
        FullHttpResponse reply = MasterReplies.redirect("http://" + replica + path);
        if (rec.md5() != null) {
            reply.headers().set("Content-Md5", rec.md5());
        }
        reply.headers().set("Key-Volumes", String.join(",", rec.volumes()));
        reply.headers().set("Key-Balance",
                rec.needsRebalance(config.placement().volumesFor(key)) ? "unbalanced" : "balanced");
        return reply;
    }

    private void delete(MasterRequest r, Exchange ex, boolean unlink) {
        byte[] key = r.key();
        if (!lock(key, ex)) {
            return;
        }
        IndexRecord rec;
        try {
            rec = record(key);
        } catch (RuntimeException e) {
            LOG.error("index read failed: {}", e.getMessage());
            ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
            return;
        }
        if (rec == null || (unlink && rec.unlinked())) {
            ex.respond(MasterReplies.empty(HttpResponseStatus.NOT_FOUND));
            return;
        }
        if (!unlink && config.protect() && !rec.unlinked()) {
            ex.respond(MasterReplies.empty(HttpResponseStatus.FORBIDDEN));
            return;
        }
        replicaCache.invalidate(key);
        CompletableFuture<Void> marked = rec.unlinked() ? CompletableFuture.completedFuture(null)
                : index.putAsync(key, rec.asUnlinked());
        marked.whenComplete((ok, failure) -> ex.loop().execute(() -> {
            if (failure != null) {
                LOG.error("index write failed: {}", failure.toString());
                ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
            } else if (unlink) {
                ex.respond(MasterReplies.empty(HttpResponseStatus.NO_CONTENT));
            } else {
                deleteFiles(key, rec, ex);
            }
        }));
    }

    /** DELETEs the file on every replica at once; the record goes when all answered 204 or 404. */
    private void deleteFiles(byte[] key, IndexRecord rec, Exchange ex) {
        String path = VolumePath.of(key);
        int n = rec.volumes().size();
        int[] left = {n};
        boolean[] failed = {false};
        for (String replica : rec.volumes()) {
            volumes.exchange(ex.loop(), replica, HttpMethod.DELETE, VolumeClient.pathPrefix(replica) + path,
                    Math.max(config.volumeTimeoutMs(), 10_000), status -> {
                        if (status != 204 && status != 404) {
                            LOG.warn("DELETE of {} on {} answered {}", BlobIndex.keyText(key), replica, status);
                            failed[0] = true;
                        }
                        if (--left[0] == 0) {
                            if (failed[0]) {
                                ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
                            } else {
                                committed(index.deleteAsync(key), ex, HttpResponseStatus.NO_CONTENT);
                            }
                        }
                    });
        }
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
        IndexRecord rec;
        try {
            rec = record(key);
        } catch (RuntimeException e) {
            LOG.error("index read failed: {}", e.getMessage());
            ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
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
