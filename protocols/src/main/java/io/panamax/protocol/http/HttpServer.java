package io.panamax.protocol.http;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.panamax.engine.lsm.LsmStore;
import io.panamax.transport.ShardGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST listener (mkvss-compatible key-value API, default port 8080; routes in {@code specs/rest.md}): accepts on
 * the shard event loops, parses HTTP with Netty's codec on the loop, and runs store calls on virtual threads (one
 * drain per connection at a time, {@link SerialExecutor}), so a write waiting for its WAL fsync never blocks a shard;
 * concurrent writers from many connections share one WAL write and fsync (the store's group commit).
 *
 * <pre>{@code
 * HttpServer http = new HttpServer(shards, store, HttpLimits.DEFAULTS);
 * InetSocketAddress bound = http.start("127.0.0.1", 8080);
 * ...
 * http.stop(5_000);   // then close the store
 * }</pre>
 */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final ShardGroup<?> shards;
    private final HttpLimits limits;
    private final RestCommands commands;
    private final ExecutorService workers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("panamax-http-store-", 0).factory());
    private final ChannelGroup clients = new DefaultChannelGroup("http-clients", GlobalEventExecutor.INSTANCE);
    private Channel listener;

    /** @param store the open store holding the REST keyspace; the caller closes it after {@link #stop} */
    public HttpServer(ShardGroup<?> shards, LsmStore store, HttpLimits limits) {
        this.shards = shards;
        this.limits = limits;
        this.commands = new RestCommands(store);
    }

    /**
     * Binds {@code bind:port} and starts accepting.
     *
     * @return the bound address (port 0 binds an ephemeral port)
     * @throws InterruptedException if interrupted while binding
     */
    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        listener = shards.listen(bind, port, new RestChannelInitializer(limits, commands, workers, clients::add));
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        LOG.info("REST API listening on {}:{} (max value {} bytes)", bound.getHostString(), bound.getPort(),
                limits.maxValueBytes());
        return bound;
    }

    /**
     * Stops accepting, closes client connections and waits up to {@code timeoutMs} for store work in flight, so the
     * store can be closed after this returns.
     */
    public void stop(long timeoutMs) {
        if (listener != null) {
            listener.close().awaitUninterruptibly(timeoutMs);
        }
        clients.close().awaitUninterruptibly(timeoutMs);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
                LOG.warn("REST store work still running after {} ms", timeoutMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
