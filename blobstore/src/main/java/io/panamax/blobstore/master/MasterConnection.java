package io.panamax.blobstore.master;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the master: HTTP/1.1 with keep-alive and pipelining, bodies streamed (never
 * aggregated). Requests are served one at a time in arrival order: while one is being answered asynchronously
 * (volume HEADs, uploads, index commits), the messages decoded after its body wait in a backlog and reading pauses,
 * so replies leave in request order and the backlog holds at most one socket read.
 *
 * <p>A request answered before its body arrived (403, 409, 411) keeps the connection and drops the body, unless the
 * client sent {@code Expect: 100-continue} and got no {@code 100}: it may or may not send the body, so the
 * connection closes. Unparsable requests get 400 (414, 431) and a close. Loop thread only.
 */
final class MasterConnection extends ChannelInboundHandlerAdapter implements Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(MasterConnection.class);
    private static final long LINGER_MS = 2_000;

    private enum Phase {
        /** Waiting for a request line. */
        IDLE,
        /** The request's body is arriving. */
        BODY,
        /** The whole request is in; its reply is not written yet: later messages wait in the backlog. */
        AWAIT
    }

    private final MasterCommands commands;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.IDLE;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private BodyConsumer body;
    private Runnable cleanup;
    private boolean responded;
    private boolean keepAlive;
    private boolean expectContinue;
    private boolean continueSent;
    private boolean closing;
    private boolean closeAfter;
    private boolean draining;
    private boolean pausedByUpload;
    private boolean pausedByBacklog;

    MasterConnection(MasterCommands commands) {
        this.commands = commands;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (phase == Phase.AWAIT || !backlog.isEmpty()) {
            backlog.add(msg);
            pausedByBacklog = true;
            updateAutoRead();
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                onRequest(request);
            }
            if (msg instanceof HttpContent content && !closing) {
                onContent(content);
            }
        } catch (RuntimeException e) {
            LOG.error("request failed", e);
            respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest request) {
        phase = Phase.BODY;
        responded = false;
        body = null;
        cleanup = null;
        continueSent = false;
        closeAfter = false;
        keepAlive = HttpUtil.isKeepAlive(request);
        expectContinue = HttpUtil.is100ContinueExpected(request);
        if (!request.decoderResult().isSuccess()) {
            Throwable cause = request.decoderResult().cause();
            keepAlive = false;
            respond(MasterReplies.empty(cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST));
            return;
        }
        MasterRequest routed = MasterRequest.of(request);
        if (routed == null) {
            respond(MasterReplies.empty(HttpResponseStatus.BAD_REQUEST));
            return;
        }
        commands.handle(routed, this);
    }

    private void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (body != null) {
            BodyConsumer b = body;
            if (last) {
                body = null;
            }
            b.onContent(content.content(), last);
        }
        if (last && phase == Phase.BODY) {
            phase = responded ? Phase.IDLE : Phase.AWAIT;
            if (phase == Phase.IDLE) {
                drain();
            }
        }
    }

    @Override
    public EventLoop loop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public void respond(FullHttpResponse response) {
        if (responded) {
            response.release();
            return;
        }
        responded = true;
        body = null;
        Runnable c = cleanup;
        cleanup = null;
        if (c != null) {
            c.run();
        }
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        // the client may still be sending a body we refused: with Expect and no 100 it may never come
        boolean bodyPending = phase == Phase.BODY;
        boolean close = closing || closeAfter || !keepAlive || (bodyPending && expectContinue && !continueSent);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        if (close) {
            closing = true;
            written.addListener(bodyPending ? (ChannelFutureListener) this::lingeringClose : ChannelFutureListener.CLOSE);
            return;
        }
        if (phase == Phase.AWAIT) {
            phase = Phase.IDLE;
            drain();
        }
    }

    /** Replays the backlog until a request must wait for its reply again. */
    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Object msg;
            while (phase != Phase.AWAIT && !closing && (msg = backlog.poll()) != null) {
                dispatch(msg);
            }
        } finally {
            draining = false;
        }
        if (backlog.isEmpty() && pausedByBacklog) {
            pausedByBacklog = false;
            updateAutoRead();
        }
    }

    @Override
    public void closeAfterResponse() {
        closeAfter = true;
    }

    @Override
    public void onRespond(Runnable c) {
        this.cleanup = c;
    }

    @Override
    public void sendContinue() {
        if (expectContinue && !continueSent) {
            continueSent = true;
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    @Override
    public void consumeBody(BodyConsumer consumer) {
        this.body = consumer;
    }

    @Override
    public void uploadPaused(boolean paused) {
        if (pausedByUpload != paused) {
            pausedByUpload = paused;
            updateAutoRead();
        }
    }

    private void updateAutoRead() {
        boolean read = !pausedByUpload && !pausedByBacklog;
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
            if (read) {
                ctx.read();
            }
        }
    }

    /** After a reply to a request whose body is still arriving: half-close, read and drop for a moment, close. */
    private void lingeringClose(ChannelFuture written) {
        pausedByUpload = false;
        pausedByBacklog = false;
        updateAutoRead();
        if (written.channel() instanceof DuplexChannel duplex && written.isSuccess()) {
            duplex.shutdownOutput();
            ctx.executor().schedule(() -> ctx.close(), LINGER_MS, TimeUnit.MILLISECONDS);
        } else {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (phase == Phase.IDLE && backlog.isEmpty()) {
                ctx.close(); // a request in progress (a long rebalance, a slow volume) is not idleness
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        Object msg;
        while ((msg = backlog.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        BodyConsumer b = body;
        body = null;
        if (b != null && !responded) {
            b.onClientClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.warn("master connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
