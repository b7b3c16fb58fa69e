package io.panamax.lab.load;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The last handler of a blob client connection (after {@code HttpClientCodec} and {@code HttpObjectAggregator}):
 * completes the one outstanding exchange with the aggregated response, copied into an {@link HttpReply} so no
 * buffer leaves the event loop. A connection that closes or fails with an exchange outstanding fails it with an
 * {@link IOException} naming the peer; a response the server marks as the last one closes the connection before the
 * exchange completes, so the caller's next request opens a fresh connection.
 */
final class HttpExchangeHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

    /** Set by the worker before it writes a request, cleared (and completed) by the event loop. */
    private volatile CompletableFuture<HttpReply> pending;

    /**
     * Registers the exchange the next request starts.
     *
     * @throws IllegalStateException when an exchange is already outstanding (a session sends one at a time)
     */
    CompletableFuture<HttpReply> expect() {
        CompletableFuture<HttpReply> p = pending;
        if (p != null && !p.isDone()) {
            throw new IllegalStateException("an exchange is already outstanding on this connection");
        }
        CompletableFuture<HttpReply> f = new CompletableFuture<>();
        pending = f;
        return f;
    }

    /** Fails the outstanding exchange, if any, with {@code cause}. */
    void fail(Throwable cause) {
        CompletableFuture<HttpReply> p = pending;
        pending = null;
        if (p != null) {
            p.completeExceptionally(cause);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response.decoderResult().isFailure()) {
            fail(new IOException("malformed response from " + ctx.channel().remoteAddress() + ": "
                    + response.decoderResult().cause()));
            ctx.close();
            return;
        }
        HttpReply reply = new HttpReply(response.status().code(), response.headers().get(HttpHeaderNames.LOCATION),
                ByteBufUtil.getBytes(response.content()), HttpUtil.isKeepAlive(response));
        CompletableFuture<HttpReply> p = pending;
        pending = null;
        if (!reply.keepAlive() || p == null) {
            ctx.close(); // the server's last response, or one nobody asked for
        }
        if (p != null) {
            p.complete(reply);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new IOException("connection to " + ctx.channel().remoteAddress() + " closed before a response"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause instanceof IOException io ? io
                : new IOException("connection to " + ctx.channel().remoteAddress() + " failed: " + cause, cause));
        ctx.close();
    }
}
