package io.panamax.blobstore.master;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.IndexRecord;
import io.panamax.blobstore.VolumePath;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /key}: 411 for an empty body, 409 while another writer holds the key, 403 when a live record exists;
 * otherwise the record is stored unlinked with its placement (so a failure or crash leaves it findable under
 * {@code ?unlinked}), the body streams to every replica at once ({@link PutUpload}) while its MD5 is computed, and
 * the live record (hash + replicas) is committed before 201. A failed replica gives 500 and leaves the record
 * unlinked. Both index writes go through the index's group commit. A chunked body opens no replica connection
 * before its first byte, so an empty chunked body is a 411 that touches no volume.
 */
final class PutCommand implements Exchange.BodyConsumer, PutUpload.Outcome {
    private static final Logger LOG = LoggerFactory.getLogger(PutCommand.class);

    private final MasterCommands commands;
    private final MasterRequest request;
    private final Exchange ex;
    private List<String> placement;
    private boolean waitingFirstByte;
    private boolean bodyDone;
    private PutUpload upload;
    private CompletableFuture<Void> unlinkedWrite;

    PutCommand(MasterCommands commands, MasterRequest request, Exchange ex) {
        this.commands = commands;
        this.request = request;
        this.ex = ex;
    }

    void begin() {
        byte[] key = request.key();
        if (request.contentLength() == 0) {
            ex.respond(MasterReplies.empty(HttpResponseStatus.LENGTH_REQUIRED));
            return;
        }
        if (!commands.lock(key, ex)) {
            return;
        }
        IndexRecord existing;
        try {
            existing = commands.index.get(key);
        } catch (RuntimeException e) {
            LOG.error("index read failed: {}", e.getMessage());
            ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
            return;
        }
        if (existing != null && !existing.unlinked()) {
            ex.respond(MasterReplies.empty(HttpResponseStatus.FORBIDDEN));
            return;
        }
        placement = commands.config.placement().volumesFor(key);
        commands.replicaCache.invalidate(key);
        ex.consumeBody(this);
        ex.sendContinue();
        if (request.contentLength() > 0) {
            startUpload();
        } else {
            waitingFirstByte = true;
        }
    }

    private void startUpload() {
        byte[] key = request.key();
        unlinkedWrite = commands.index.putAsync(key, new IndexRecord(true, null, placement));
        upload = new PutUpload(ex.loop(), commands.volumes, key, placement, request.contentLength(),
                commands.config.md5sum() ? VolumePath.md5() : null, ex::uploadPaused, this);
        upload.start();
    }

    @Override
    public void onContent(ByteBuf content, boolean last) {
        bodyDone |= last;
        if (waitingFirstByte) {
            if (content.isReadable()) {
                waitingFirstByte = false;
                startUpload();
            } else {
                if (last) {
                    ex.respond(MasterReplies.empty(HttpResponseStatus.LENGTH_REQUIRED));
                }
                return;
            }
        }
        upload.onContent(content, last);
    }

    @Override
    public void onClientClosed() {
        if (upload != null) {
            upload.abort();
        } else {
            ex.respond(MasterReplies.empty(HttpResponseStatus.BAD_REQUEST)); // nobody reads it; releases the lock
        }
    }

    @Override
    public void succeeded(String md5Hex, long bodyBytes) {
        byte[] key = request.key();
        CompletableFuture<Void> live =
                unlinkedWrite.thenCompose(v -> commands.index.putAsync(key, IndexRecord.live(md5Hex, placement)));
        MasterCommands.committed(live, ex, HttpResponseStatus.CREATED);
    }

    @Override
    public void failed(String reason) {
        LOG.warn("PUT {} failed, record left unlinked: {}", BlobIndex.keyText(request.key()), reason);
        if (!bodyDone) {
            ex.closeAfterResponse(); // the rest of the body is not worth reading
        }
        unlinkedWrite.whenComplete((ok, failure) -> ex.loop().execute(
                () -> ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR))));
    }
}
