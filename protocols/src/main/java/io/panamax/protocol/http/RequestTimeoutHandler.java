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
    private final long timeoutNanos;
    // deadline of the request being received (the loop's ticker, nanoseconds), valid while pending: set on its
    // first bytes, cleared when it is whole. One check task per connection at a time, rescheduled only when it
    // finds a later deadline, so a request costs a clock read and two field writes instead of a scheduled task and
    // its cancellation.
    private long deadlineNanos;
    private boolean pending;
    private ScheduledFuture<?> check;
    private boolean fired;

    RequestTimeoutHandler(long timeoutMs) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!pending && msg instanceof ByteBuf buf && buf.isReadable()) {
            pending = true;
            deadlineNanos = ctx.executor().ticker().nanoTime() + timeoutNanos;
            if (check == null) {
                schedule(ctx, timeoutNanos);
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        check = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        check = null;
        if (!pending || !ctx.channel().isActive()) {
            return;
        }
        long left = deadlineNanos - ctx.executor().ticker().nanoTime();
        if (left > 0) {
            schedule(ctx, left);
            return;
        }
        fired = true;
        ctx.close();
    }

    /** A whole request was decoded: no deadline until more bytes arrive. */
    void requestComplete() {
        pending = false;
    }

    /** True once a deadline closed the connection. */
    boolean fired() {
        return fired;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending = false;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        ctx.fireChannelInactive();
    }
}
