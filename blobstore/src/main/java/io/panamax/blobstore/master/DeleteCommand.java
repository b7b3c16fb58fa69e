package io.panamax.blobstore.master;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.IndexRecord;
import io.panamax.blobstore.VolumePath;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE} and {@code UNLINK /key}, as Go: both take the key's lock (409) and mark the record unlinked
 * (committed). UNLINK stops there (204; 404 when absent or already unlinked). DELETE (404 when absent; 403 under
 * {@code --protect} while the key is live) then DELETEs the file on every replica at once and removes the record
 * when each answered 204 or 404; otherwise 500 and the record stays unlinked, so the DELETE can be retried. A DELETE
 * of an unlinked key deletes it, as Go does (how {@code --protect} deletes, and how a failed DELETE is retried).
 */
final class DeleteCommand {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteCommand.class);

    private final MasterCommands commands;

    DeleteCommand(MasterCommands commands) {
        this.commands = commands;
    }

    void handle(MasterRequest r, Exchange ex, boolean unlink) {
        byte[] key = r.key();
        if (!commands.lock(key, ex)) {
            return;
        }
        IndexRecord rec = commands.record(key, ex);
        if (rec == MasterCommands.UNREADABLE) {
            return;
        }
        if (rec == null || (unlink && rec.unlinked())) {
            ex.respond(MasterReplies.empty(HttpResponseStatus.NOT_FOUND));
            return;
        }
        if (!unlink && commands.config.protect() && !rec.unlinked()) {
            ex.respond(MasterReplies.empty(HttpResponseStatus.FORBIDDEN));
            return;
        }
        commands.replicaCache.invalidate(key);
        CompletableFuture<Void> marked = rec.unlinked() ? CompletableFuture.completedFuture(null)
                : commands.index.putAsync(key, rec.asUnlinked());
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
            commands.volumes.exchange(ex.loop(), replica, HttpMethod.DELETE, VolumeClient.pathPrefix(replica) + path,
                    Math.max(commands.config.volumeTimeoutMs(), 10_000), status -> {
                        if (status != 204 && status != 404) {
                            LOG.warn("DELETE of {} on {} answered {}", BlobIndex.keyText(key), replica, status);
                            failed[0] = true;
                        }
                        if (--left[0] == 0) {
                            if (failed[0]) {
                                ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
                            } else {
                                MasterCommands.committed(commands.index.deleteAsync(key), ex,
                                        HttpResponseStatus.NO_CONTENT);
                            }
                        }
                    });
        }
    }
}
