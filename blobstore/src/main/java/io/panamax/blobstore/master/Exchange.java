package io.panamax.blobstore.master;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The master's side of one request in progress, as the commands see it. Every method must be called on
 * {@link #loop()}; work finishing elsewhere (index commits, tools) hops there first.
 */
interface Exchange {
    /** The connection's event loop. */
    EventLoop loop();

    /**
     * Answers the request (once; later calls release their reply) and runs the cleanup registered with
     * {@link #onRespond}. Body bytes still to come are dropped.
     */
    void respond(FullHttpResponse response);

    /** The reply closes the connection (a failed upload: the rest of its body is not worth reading). */
    void closeAfterResponse();

    /** Runs {@code cleanup} when the request is answered, e.g. releasing the key's write lock. */
    void onRespond(Runnable cleanup);

    /** Sends {@code 100 Continue} (when the client asked for it). */
    void sendContinue();

    /** Routes the rest of the body to {@code consumer}. */
    void consumeBody(BodyConsumer consumer);

    /** Pauses (true) or resumes reading from the client, for upload backpressure. */
    void uploadPaused(boolean paused);

    /** Receives a request's body. */
    interface BodyConsumer {
        /** A chunk ({@code last}: the final one); the caller releases {@code content} after the call. */
        void onContent(ByteBuf content, boolean last);

        /** The client closed the connection before the whole body arrived. */
        void onClientClosed();
    }
}
