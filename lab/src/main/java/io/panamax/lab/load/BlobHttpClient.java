package io.panamax.lab.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The blob load generators' HTTP/1.1 client: Netty (epoll when available, else NIO) with {@code threads} event loops,
 * {@code HttpClientCodec} and {@code HttpObjectAggregator} (bodies up to {@link #MAX_BODY_BYTES}), handing whole
 * responses to blocking {@link BlobHttp} sessions, one per worker (virtual threads block cheaply). Chosen over
 * {@code java.net.http}, which cost more CPU than the master it drove here (blobstore/README.md: client 106% of a
 * core at ~220 cycles/s), so the load generator's CPU stays a small share beside the servers.
 */
public final class BlobHttpClient implements AutoCloseable {

    /** Largest response body accepted; the thrasher's values are ~25 bytes. */
    public static final int MAX_BODY_BYTES = 16 << 20;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final long timeoutMs;

    /**
     * @param threads event-loop threads
     * @param timeoutMs connect and response timeout of every request
     */
    public BlobHttpClient(int threads, long timeoutMs) {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Netty's default samples 1 buffer in 128 with a stack trace: CPU the load generator would spend on
            // itself. JVM-wide, and harmless for the lab's other generators; a test can turn it back on.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.timeoutMs = timeoutMs;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY_BYTES),
                                new HttpExchangeHandler());
                    }
                });
    }

    /** A new session for one worker; close it when the worker is done. */
    public BlobHttp session() {
        return new Session();
    }

    /** Shuts the event loops down (connections of open sessions close with them). */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** One worker's connections, by {@code host:port}. */
    private final class Session implements BlobHttp {
        private final Map<String, Channel> channels = new HashMap<>();

        @Override
        public HttpReply send(String method, String url, byte[] body) throws IOException, InterruptedException {
            HttpTarget target = HttpTarget.parse(url);
            Channel ch = connection(target);
            HttpExchangeHandler handler = ch.pipeline().get(HttpExchangeHandler.class);
            CompletableFuture<HttpReply> reply = handler.expect();
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method),
                    target.path(), body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.HOST, target.authority());
            if (body != null) {
                HttpUtil.setContentLength(request, body.length);
            }
            ch.writeAndFlush(request).addListener(w -> {
                if (!w.isSuccess()) {
                    handler.fail(new IOException("write to " + target.authority() + " failed: " + w.cause(), w.cause()));
                }
            });
            try {
                HttpReply r = reply.get(timeoutMs, TimeUnit.MILLISECONDS);
                if (!r.keepAlive()) {
                    channels.remove(target.authority());
                }
                return r;
            } catch (ExecutionException e) {
                channels.remove(target.authority());
                ch.close();
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (TimeoutException e) {
                channels.remove(target.authority());
                ch.close();
                throw new IOException("no response from " + target.authority() + " within " + timeoutMs + " ms to "
                        + method + " " + target.path());
            } catch (InterruptedException e) {
                ch.close();
                throw e;
            }
        }

        private Channel connection(HttpTarget target) throws IOException, InterruptedException {
            Channel ch = channels.get(target.authority());
            if (ch != null && ch.isActive()) {
                return ch;
            }
            ChannelFuture f = bootstrap.connect(target.host(), target.port());
            if (!f.await(timeoutMs) || !f.isSuccess()) {
                f.channel().close();
                throw new IOException("connect to " + target.authority() + " failed: "
                        + (f.cause() == null ? "timed out after " + timeoutMs + " ms" : f.cause().toString()), f.cause());
            }
            channels.put(target.authority(), f.channel());
            return f.channel();
        }

        @Override
        public void close() {
            channels.values().forEach(Channel::close);
            channels.clear();
        }
    }
}
