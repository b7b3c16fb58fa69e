package io.panamax.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request does not arrive whole within {@link HttpLimits#requestTimeoutMs()} of its first
 * bytes (a slowloris trickling a header byte at a time never goes idle, so an idle timeout alone does not stop it).
 * Sits before the HTTP codec; {@link HttpConnection} calls {@link #requestComplete()} for each whole request.
 * Loop thread only.
 */
final class RequestTimeoutHandler extends ChannelInboundHandlerAdapter {
    private final long timeoutMs;
    private ScheduledFuture<?> timer;
    private boolean fired;

    RequestTimeoutHandler(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (timer == null && msg instanceof ByteBuf buf && buf.isReadable()) {
            timer = ctx.executor().schedule(() -> {
                fired = true;
                ctx.close();
            }, timeoutMs, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** A whole request was decoded: no deadline until more bytes arrive. */
    void requestComplete() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** True once a deadline closed the connection. */
    boolean fired() {
        return fired;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        requestComplete();
        ctx.fireChannelInactive();
    }
}
