package io.panamax.blobstore.master;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * The master's end of one connection to a volume: reports the status of the reply to the request in flight to its
 * {@link Listener} once the whole reply (body included) is read, so the connection can go back to the pool. Replies
 * are never aggregated: the master only needs statuses (HEAD, PUT, DELETE). Loop thread only.
 */
final class VolumeConnection extends ChannelInboundHandlerAdapter {
    /** Receives the outcome of one exchange; called on the connection's loop, at most one of the two methods once. */
    interface Listener {
        /**
         * @param status the reply's status code
         * @param keepAlive whether the volume keeps the connection open (it may then be reused)
         */
        void onResponse(int status, boolean keepAlive);

        /** The connection failed or closed before a whole reply arrived, or went idle too long. */
        void onFailure(Throwable cause);

        /** The connection's write buffer drained below its low-water mark. */
        default void onWritable() {}
    }

    private Listener listener;
    private int status;
    private boolean keepAlive;

    /** Sets the listener of the next reply; the caller then writes the request. */
    void expect(Listener l) {
        this.listener = l;
        this.status = 0;
    }

    /** Whether an exchange is in flight. */
    boolean busy() {
        return listener != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse r) {
                if (r.status().code() >= 100 && r.status().code() < 200) {
                    return; // 100 Continue and other interim replies
                }
                status = r.status().code();
                keepAlive = HttpUtil.isKeepAlive(r);
                if (!r.decoderResult().isSuccess()) {
                    fail(ctx, new IOException("bad reply from volume: " + r.decoderResult().cause()));
                    return;
                }
            }
            if (msg instanceof LastHttpContent && status != 0) {
                Listener l = listener;
                listener = null;
                if (l != null) {
                    l.onResponse(status, keepAlive);
                } else {
                    ctx.close(); // a reply nobody asked for: the connection is out of step
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        Listener l = listener;
        listener = null;
        ctx.close();
        if (l != null) {
            l.onFailure(cause);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null && ctx.channel().isWritable()) {
            listener.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            fail(ctx, new IOException("volume connection idle for too long"));
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Listener l = listener;
        listener = null;
        if (l != null) {
            l.onFailure(new IOException("volume closed the connection"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }
}
