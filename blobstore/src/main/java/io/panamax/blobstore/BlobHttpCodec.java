package io.panamax.blobstore;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 front of the blob master's and the volume server's connections: Netty's server codec with their
 * limits, and an idle timer (an {@code IdleStateEvent} after {@code idleTimeoutMs} without reads or writes; the
 * connection's handler closes it).
 */
public final class BlobHttpCodec {
    /** Body bytes per decoded content chunk: a streamed PUT arrives in pieces of at most this. */
    static final int MAX_CHUNK_BYTES = 64 * 1024;

    private BlobHttpCodec() {}

    /**
     * Adds {@code "codec"} and {@code "idle"} to {@code pipeline}; the caller adds its handler after them.
     *
     * @param maxInitialLineBytes request line limit (longer: the decoder flags the request, the handler answers 414)
     * @param maxHeaderBytes header block limit (longer: 431)
     */
    public static void addTo(ChannelPipeline pipeline, int maxInitialLineBytes, int maxHeaderBytes, long idleTimeoutMs) {
        pipeline.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxInitialLineBytes)
                .setMaxHeaderSize(maxHeaderBytes)
                .setMaxChunkSize(MAX_CHUNK_BYTES)));
        pipeline.addLast("idle", new IdleStateHandler(0, 0, idleTimeoutMs, TimeUnit.MILLISECONDS));
    }
}
