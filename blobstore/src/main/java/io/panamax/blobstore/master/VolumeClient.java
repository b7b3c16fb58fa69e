package io.panamax.blobstore.master;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.panamax.transport.TransportKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * HTTP/1.1 connections from the master to volumes (ours or nginx), on the master's own event loops: a request
 * arriving on loop L talks to volumes over connections of loop L, so an upload moves bytes from the client socket to
 * the replica sockets without crossing threads or copying. Idle connections are pooled per (loop, volume) and closed
 * after {@link #IDLE_CLOSE_MS} without traffic (below nginx's 75 s keepalive_timeout, so a pooled connection is
 * rarely one the volume already dropped; a bodiless request that fails on a reused connection is retried once on a
 * fresh one). All methods must be called on {@code loop}.
 */
final class VolumeClient {
    static final long IDLE_CLOSE_MS = 30_000;
    static final int MAX_IDLE_PER_VOLUME = 64;

    private final TransportKind transport;
    private final long connectTimeoutMs;
    private final Map<EventLoop, Map<String, ArrayDeque<Channel>>> idle = new ConcurrentHashMap<>();
    private final Map<String, InetSocketAddress> addresses = new ConcurrentHashMap<>();

    /** @param connectTimeoutMs how long a connect may take before the volume counts as down */
    VolumeClient(TransportKind transport, long connectTimeoutMs) {
        this.transport = transport;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /** The {@code host:port} part of a replica string ({@code host:port/sv07} → {@code host:port}). */
    static String hostPort(String replica) {
        int slash = replica.indexOf('/');
        return slash < 0 ? replica : replica.substring(0, slash);
    }

    /** The path prefix part of a replica string ({@code host:port/sv07} → {@code /sv07}, else empty). */
    static String pathPrefix(String replica) {
        int slash = replica.indexOf('/');
        return slash < 0 ? "" : replica.substring(slash);
    }

    /**
     * Hands a connection to {@code hostPort} to {@code done} (on {@code loop}): a pooled one, or a new one.
     *
     * @param done receives (channel, null, reused) or (null, cause, false)
     */
    void acquire(EventLoop loop, String hostPort, Acquired done) {
        ArrayDeque<Channel> pool = pool(loop, hostPort);
        Channel ch;
        while ((ch = pool.pollLast()) != null) {
            if (ch.isActive()) {
                done.accept(ch, null, true);
                return;
            }
        }
        InetSocketAddress address;
        try {
            address = address(hostPort);
        } catch (IllegalArgumentException e) {
            done.accept(null, e, false);
            return;
        }
        new Bootstrap()
                .group(loop)
                .channel(transport.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMs))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast("codec", new HttpClientCodec());
                        c.pipeline().addLast("idle", new IdleStateHandler(0, 0, IDLE_CLOSE_MS, TimeUnit.MILLISECONDS));
                        c.pipeline().addLast("volume", new VolumeConnection());
                    }
                })
                .connect(address)
                .addListener(f -> {
                    if (f.isSuccess()) {
                        done.accept(((io.netty.channel.ChannelFuture) f).channel(), null, false);
                    } else {
                        done.accept(null, f.cause(), false);
                    }
                });
    }

    /** Receives an acquired connection. */
    @FunctionalInterface
    interface Acquired {
        void accept(Channel channel, Throwable cause, boolean reused);
    }

    /** Returns a connection whose exchange completed with a keep-alive reply; closes it if the pool is full. */
    void release(EventLoop loop, String hostPort, Channel ch) {
        ArrayDeque<Channel> pool = pool(loop, hostPort);
        if (!ch.isActive() || pool.size() >= MAX_IDLE_PER_VOLUME) {
            ch.close();
            return;
        }
        pool.addLast(ch);
    }

    /**
     * Sends a bodiless request ({@code HEAD}, {@code DELETE}) and reports the reply's status, or -1 when the volume
     * cannot be reached, fails mid-reply or does not answer within {@code timeoutMs}.
     */
    void exchange(EventLoop loop, String replica, HttpMethod method, String path, long timeoutMs, IntConsumer done) {
        exchange(loop, replica, method, path, timeoutMs, done, true);
    }

    private void exchange(EventLoop loop, String replica, HttpMethod method, String path, long timeoutMs,
            IntConsumer done, boolean mayRetry) {
        String hostPort = hostPort(replica);
        acquire(loop, hostPort, (ch, cause, reused) -> {
            if (ch == null) {
                done.accept(-1);
                return;
            }
            VolumeConnection conn = ch.pipeline().get(VolumeConnection.class);
            ScheduledFuture<?>[] timer = new ScheduledFuture<?>[1];
            conn.expect(new VolumeConnection.Listener() {
                @Override
                public void onResponse(int status, boolean keepAlive) {
                    timer[0].cancel(false);
                    if (keepAlive) {
                        release(loop, hostPort, ch);
                    } else {
                        ch.close();
                    }
                    done.accept(status);
                }

                @Override
                public void onFailure(Throwable failure) {
                    timer[0].cancel(false);
                    ch.close();
                    if (reused && mayRetry && !(failure instanceof TimeoutFailure)) {
                        exchange(loop, replica, method, path, timeoutMs, done, false);
                    } else {
                        done.accept(-1);
                    }
                }
            });
            timer[0] = loop.schedule(() -> {
                if (conn.busy()) {
                    conn.exceptionCaught(ch.pipeline().context(conn), new TimeoutFailure());
                }
            }, timeoutMs, TimeUnit.MILLISECONDS);
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path);
            request.headers().set(HttpHeaderNames.HOST, hostPort);
            if (method.equals(HttpMethod.DELETE)) {
                request.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            }
            ch.writeAndFlush(request);
        });
    }

    /** The volume did not answer in time. */
    static final class TimeoutFailure extends IOException {
        TimeoutFailure() {
            super("volume did not answer in time");
        }
    }

    private ArrayDeque<Channel> pool(EventLoop loop, String hostPort) {
        return idle.computeIfAbsent(loop, l -> new HashMap<>()).computeIfAbsent(hostPort, h -> new ArrayDeque<>());
    }

    private InetSocketAddress address(String hostPort) {
        return addresses.computeIfAbsent(hostPort, hp -> {
            int colon = hp.lastIndexOf(':');
            if (colon <= 0 || colon == hp.length() - 1) {
                throw new IllegalArgumentException("volume=\"" + hp + "\" is not host:port");
            }
            int port;
            try {
                port = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("volume=\"" + hp + "\" has a bad port");
            }
            InetSocketAddress a = new InetSocketAddress(hp.substring(0, colon), port);
            if (a.isUnresolved()) {
                throw new IllegalArgumentException("volume=\"" + hp + "\": unknown host");
            }
            return a;
        });
    }

    /** Resolves the volumes' addresses ahead of time (off the loops); unknown hosts are retried at use. */
    void resolve(Iterable<String> hostPorts) {
        for (String hp : hostPorts) {
            try {
                address(hp);
            } catch (IllegalArgumentException e) {
                // reported when a request needs the volume
            }
        }
    }
}
