package io.panamax.protocol.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One REST connection: routes each aggregated request, hands keyed requests to the shard owning the key
 * ({@link RestCommands}: served there, writes answered when durable) and writes the replies back on the loop in
 * request order, whatever order they complete in, so pipelining works. Requests for one key reach its shard in
 * request order, so a pipelined GET sees the PUT before it. A GET or HEAD with no earlier request of the connection
 * unanswered is read on this loop instead ({@link RestCommands#readHere}): nothing of this connection is in flight
 * for it to wait behind. Listing and {@code /metrics} see every earlier request of
 * the connection: they wait until those are answered, and later requests wait behind them. Requests that need no
 * store (health, 404, 400) are answered on the loop, still in order.
 *
 * <p>Connection handling: keep-alive per HTTP/1.1 (HTTP/1.0 with {@code Connection: keep-alive}); a request the codec
 * rejects gets 400 (414 line too long, 431 headers too large) and a body over the limit 413, then the connection
 * closes after a short lingering read so the client sees the reply rather than a reset. Reading pauses while
 * {@value #PAUSE_READING_AT} replies are pending.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);
    static final int PAUSE_READING_AT = 256;
    private static final int RESUME_READING_AT = 64;
    private static final long LINGER_MS = 2_000;

    private final RestCommands commands;
    private final RestMetrics metrics;
    private final RequestTimeoutHandler requestTimeout;
    private final int maxValueBytes;
    /** Replies in request order; loop thread only. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Set by a worker that completed a reply and scheduled {@link #writeCompleted}; cleared on the loop. */
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private ChannelHandlerContext ctx;
    /** No more requests are accepted (a close is coming). */
    private boolean closing;
    private boolean readingPaused;
    /** Inside channelRead: replies completed on the loop are flushed at read complete. */
    private boolean inRead;
    /** Inside writeCompleted (reentrancy guard); {@code again} asks it for one more pass. */
    private boolean draining;
    private boolean again;
    /** Pending requests not yet handed to the store (queued behind a listing); loop thread only. */
    private int deferred;

    /** A reply slot; {@code response} is set once, by a worker or the loop. */
    private static final class Pending {
        final RestRoute route;
        final boolean keepAlive;
        final boolean http10;
        /** Close after this reply (error replies); lingering close when true. */
        final boolean closeAfter;
        /** HEAD: the reply keeps its headers (Content-Length included) and loses its body. */
        boolean head;
        /** Listing or metrics: runs only once every earlier request is answered. */
        boolean barrier;
        /** A request not yet handed to the store (deferred), with its routing; null once dispatched. */
        RestRequest deferredRoute;
        FullHttpRequest deferredRequest;
        volatile FullHttpResponse response;

        Pending(RestRoute route, boolean keepAlive, boolean http10, boolean closeAfter) {
            this.route = route;
            this.keepAlive = keepAlive;
            this.http10 = http10;
            this.closeAfter = closeAfter;
        }
    }

    HttpConnection(RestCommands commands, RequestTimeoutHandler requestTimeout, int maxValueBytes) {
        this.commands = commands;
        this.metrics = commands.metrics();
        this.requestTimeout = requestTimeout;
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg == RestObjectAggregator.TOO_LARGE) {
            requestTimeout.requestComplete();
            if (!closing) {
                closing = true;
                reply(new Pending(RestRoute.MALFORMED, false, false, true), RestObjectAggregator.tooLarge(maxValueBytes));
            }
            return;
        }
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        requestTimeout.requestComplete();
        if (closing) {
            request.release();
            return;
        }
        DecoderResult result = request.decoderResult();
        if (!result.isSuccess()) {
            request.release();
            closing = true;
            reply(new Pending(RestRoute.MALFORMED, false, false, true), malformed(result.cause()));
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        RestRequest routed = RestRequest.parse(request.method(), request.uri());
        Pending p = new Pending(routed.route(), keepAlive, http10, false);
        p.head = request.method().equals(HttpMethod.HEAD);
        if (!keepAlive) {
            closing = true;
        }
        if (!routed.route().usesStore) {
            request.release();
            reply(p, routed.route() == RestRoute.HEALTH ? health() : immediate(routed));
            return;
        }
        p.barrier = routed.route() == RestRoute.LIST_KEYS || routed.route() == RestRoute.METRICS;
        boolean mustWait = deferred > 0 || (p.barrier && anyUnanswered());
        pending.add(p);
        if (pending.size() >= PAUSE_READING_AT && !readingPaused) {
            readingPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
        if (mustWait) {
            p.deferredRoute = routed;
            p.deferredRequest = request;
            deferred++;
            return;
        }
        inRead = true;
        try {
            dispatch(p, routed, request);
        } finally {
            inRead = false;
        }
    }

    /** Hands a request to the store side; the reply comes back through {@link #complete}. */
    private void dispatch(Pending p, RestRequest routed, FullHttpRequest request) {
        try {
            boolean read = routed.route() == RestRoute.GET_KEY || routed.route() == RestRoute.HEAD_KEY;
            if (read && !unansweredBefore(p)) {
                commands.readHere(routed, request, r -> complete(p, r));
                return;
            }
            commands.execute(routed, request, r -> complete(p, r));
        } catch (RuntimeException e) {
            LOG.warn("REST {} failed: {}", routed.route().label, e.toString());
            complete(p, HttpReplies.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Storage error"));
        }
    }

    /** Any thread: the reply of {@code p} is known. */
    private void complete(Pending p, FullHttpResponse r) {
        p.response = r;
        scheduleWrite();
    }

    /** Requests received and not yet answered on the wire (tests wait for 0). Loop thread. */
    int pendingReplies() {
        return pending.size();
    }

    /**
     * Whether a request before {@code p} is still unanswered (a reply set by another thread may not be seen yet: then
     * this says true, the safe side).
     */
    private boolean unansweredBefore(Pending p) {
        for (Pending q : pending) {
            if (q == p) {
                return false;
            }
            if (q.response == null) {
                return true;
            }
        }
        return false;
    }

    private boolean anyUnanswered() {
        for (Pending q : pending) {
            if (q.response == null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // reader idle: a slow store reply, or a large reply the client is still draining, is not idleness
            ChannelOutboundBuffer unsent = ctx.channel().unsafe().outboundBuffer();
            if (pending.isEmpty() && (unsent == null || unsent.totalPendingWriteBytes() == 0)) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        writeCompleted(); // releases replies already done; the rest are released when their work finishes
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("REST connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Loop thread: queue a reply that is already known, write whatever is ready (flushed at read complete). */
    private void reply(Pending p, FullHttpResponse response) {
        p.response = response;
        pending.add(p);
        writeCompleted();
    }

    /** Any thread: make the loop write completed replies (one task per burst of completions from elsewhere). */
    private void scheduleWrite() {
        if (ctx.executor().inEventLoop()) {
            writeCompleted();
            if (!inRead && !draining) {
                ctx.flush();
            }
            return;
        }
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                ctx.executor().execute(() -> {
                    writeScheduled.set(false);
                    writeCompleted();
                    ctx.flush();
                });
            } catch (RejectedExecutionException e) { // loop shut down: nobody to write to
                writeScheduled.set(false);
            }
        }
    }

    /**
     * Loop thread: writes the completed replies at the head of the queue, in order (released if closed), then hands
     * deferred requests to the store once nothing they must wait for is unanswered.
     */
    private void writeCompleted() {
        if (draining) {
            again = true;
            return;
        }
        draining = true;
        try {
            do {
                again = false;
                writeReady();
                dispatchDeferred();
            } while (again);
        } finally {
            draining = false;
        }
    }

    private void dispatchDeferred() {
        if (deferred == 0) {
            return;
        }
        boolean unansweredBefore = false;
        for (Pending q : pending) { // dispatching may complete replies: that only sets `again`, never edits pending
            if (q.deferredRoute != null) {
                if (q.barrier && unansweredBefore) {
                    return;
                }
                RestRequest route = q.deferredRoute;
                FullHttpRequest request = q.deferredRequest;
                q.deferredRoute = null;
                q.deferredRequest = null;
                deferred--;
                if (ctx.channel().isActive()) {
                    dispatch(q, route, request);
                } else {
                    request.release();
                    q.response = HttpReplies.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Connection closed");
                    again = true;
                }
            }
            if (q.response == null) {
                unansweredBefore = true;
            }
        }
    }

    private void writeReady() {
        Pending p;
        while ((p = pending.peek()) != null) {
            FullHttpResponse r = p.response;
            if (r == null) {
                break;
            }
            pending.poll();
            metrics.count(p.route, r.status().code());
            if (!ctx.channel().isActive()) {
                r.release();
                continue;
            }
            if (p.head && r.content().isReadable()) {
                FullHttpResponse headers = r.replace(Unpooled.EMPTY_BUFFER);
                r.release();
                r = headers;
            }
            boolean close = p.closeAfter || !p.keepAlive;
            if (close) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (p.http10) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ChannelFuture f = ctx.write(r);
            if (close) {
                ctx.flush();
                f.addListener(p.closeAfter ? (ChannelFutureListener) this::lingeringClose : ChannelFutureListener.CLOSE);
            }
        }
        if (readingPaused && pending.size() <= RESUME_READING_AT && !closing) {
            readingPaused = false;
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    /**
     * After an error reply: half-close so the client reads the reply, keep reading (and discarding) for a moment so
     * its unsent request bytes do not turn into a reset that destroys the reply, then close.
     */
    private void lingeringClose(ChannelFuture written) {
        if (written.channel() instanceof DuplexChannel duplex && written.isSuccess()) {
            duplex.shutdownOutput();
            ctx.executor().schedule(() -> ctx.close(), LINGER_MS, TimeUnit.MILLISECONDS);
        } else {
            ctx.close();
        }
    }

    /** 200 "OK", or 503 with the reason when a shard store failed and refuses writes. */
    private FullHttpResponse health() {
        String failure = commands.storeFailure();
        return failure == null ? HttpReplies.text(HttpResponseStatus.OK, "OK")
                : HttpReplies.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Storage failed: " + failure);
    }

    private static FullHttpResponse immediate(RestRequest r) {
        return switch (r.route()) {
            case BAD_METHOD -> HttpReplies.text(HttpResponseStatus.BAD_REQUEST, HttpReplies.INVALID_METHOD);
            case BAD_PARAMETER -> HttpReplies.text(HttpResponseStatus.BAD_REQUEST, r.message());
            default -> HttpReplies.text(HttpResponseStatus.NOT_FOUND, HttpReplies.ROUTE_NOT_FOUND);
        };
    }

    private static FullHttpResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpReplies.text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large");
        }
        if (cause instanceof TooLongHttpLineException) {
            return HttpReplies.text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "Request line too long");
        }
        return HttpReplies.text(HttpResponseStatus.BAD_REQUEST, "Malformed request");
    }
}
