package io.panamax.blobstore.master;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.panamax.blobstore.IndexRecord;
import io.panamax.blobstore.VolumePath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code GET}/{@code HEAD /key}: 302 to a replica holding the file, with {@code Content-Md5} (when the record has a
 * hash), {@code Key-Volumes} (the stored replicas) and {@code Key-Balance} ({@code balanced} when they are the
 * current placement, in order); 404 with {@code Content-Length: 0} when the key is absent or unlinked (302 to
 * {@code --fallback} instead, when set) or no replica answers. Replicas are HEADed one at a time in random order,
 * as Go does, unless {@link ReplicaCache} vouches for one.
 */
final class ReadCommand {
    private final MasterCommands commands;

    ReadCommand(MasterCommands commands) {
        this.commands = commands;
    }

    void handle(MasterRequest r, Exchange ex) {
        IndexRecord rec = commands.record(r.key(), ex);
        if (rec == MasterCommands.UNREADABLE) {
            return;
        }
        if (rec == null || rec.unlinked()) {
            ex.respond(commands.config.fallback() == null ? MasterReplies.empty(HttpResponseStatus.NOT_FOUND)
                    : MasterReplies.redirect("http://" + commands.config.fallback() + r.rawPath()));
            return;
        }
        String path = VolumePath.of(r.key());
        String cached = commands.replicaCache.get(r.key());
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
        commands.volumes.exchange(ex.loop(), replica, HttpMethod.HEAD, VolumeClient.pathPrefix(replica) + path,
                commands.config.volumeTimeoutMs(), status -> {
                    if (status == 200) {
                        commands.replicaCache.put(key, replica);
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
                rec.needsRebalance(commands.config.placement().volumesFor(key)) ? "unbalanced" : "balanced");
        return reply;
    }
}
