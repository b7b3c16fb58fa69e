package io.panamax.protocol.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's {@link HttpObjectAggregator} (Content-Length and chunked bodies, {@code Expect: 100-continue}) with the
 * API's replies for oversized bodies: a body over the limit is not answered here but passed on as {@link #TOO_LARGE}
 * so that {@link HttpConnection} answers 413 in pipeline order and closes; an {@code Expect: 100-continue} over the
 * limit gets the text 413 at once (the client waits for it before sending the body) and the connection closes.
 */
final class RestObjectAggregator extends HttpObjectAggregator {
    /** Passed down the pipeline in place of a request whose body is over the limit. */
    static final Object TOO_LARGE = new Object() {
        @Override
        public String toString() {
            return "TOO_LARGE";
        }
    };

    private final int maxValueBytes;

    RestObjectAggregator(int maxValueBytes) {
        super(maxValueBytes, true);
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.fireChannelRead(TOO_LARGE);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object r = super.newContinueResponse(start, maxContentLength, pipeline);
        if (r instanceof FullHttpResponse full && !full.status().equals(HttpResponseStatus.CONTINUE)) {
            HttpResponseStatus status = full.status();
            ReferenceCountUtil.release(r);
            FullHttpResponse reply = status.equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)
                    ? tooLarge(maxValueBytes)
                    : HttpReplies.text(status, "Expectation not supported");
            reply.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return reply;
        }
        return r;
    }

    /** The 413 reply. */
    static FullHttpResponse tooLarge(int maxValueBytes) {
        return HttpReplies.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "Value too large (max " + maxValueBytes + " bytes)");
    }
}
