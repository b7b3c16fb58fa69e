package io.panamax.protocol.http;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.panamax.transport.ShardGroup;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST listener (mkvss-compatible key-value API, default port 8080; routes in {@code specs/rest.md}): accepts on
 * the shard event loops, parses HTTP with Netty's codec on the loop, and serves each keyed request on the loop of the
 * shard owning the key, against that shard's LSM store ({@link RestStores}: {@code <data-dir>/shard-<i>/}). Reads
 * are lock-free store lookups on the loop; writes are queued to the store's committer thread and answered when their
 * WAL write is complete per the fsync policy (one WAL write and fsync for everything queued meanwhile), so no loop
 * ever waits for a disk. Write stalls (memtables full, compaction behind) hold the committer, not the loops; the
 * queue is bounded by the connections, each of which stops reading at {@value HttpConnection#PAUSE_READING_AT}
 * unanswered requests.
 *
 * <pre>{@code
 * RestStores stores = RestStores.open(dataDir, shards.shardCount(), LsmConfig.defaults());
 * HttpServer http = new HttpServer(shards, stores, HttpLimits.DEFAULTS);
 * InetSocketAddress bound = http.start("127.0.0.1", 8080);
 * ...
 * http.stop(5_000);   // then stores.close(): commits what is queued
 * }</pre>
 */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final ShardGroup<?> shards;
    private final HttpLimits limits;
    private final RestCommands commands;
    private final ChannelGroup clients = new DefaultChannelGroup("http-clients", GlobalEventExecutor.INSTANCE);
    private Channel listener;

    /**
     * @param stores the open REST keyspace, one store per shard; the caller closes it after {@link #stop}
     * @throws IllegalArgumentException when {@code stores} does not have one store per shard
     */
    public HttpServer(ShardGroup<?> shards, RestStores stores, HttpLimits limits) {
        this.shards = shards;
        this.limits = limits;
        this.commands = new RestCommands(shards, stores);
    }

    /**
     * Binds {@code bind:port} and starts accepting.
     *
     * @return the bound address (port 0 binds an ephemeral port)
     * @throws InterruptedException if interrupted while binding
     */
    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        listener = shards.listen(bind, port, new RestChannelInitializer(limits, commands, clients::add));
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        LOG.info("REST API listening on {}:{} (max value {} bytes)", bound.getHostString(), bound.getPort(),
                limits.maxValueBytes());
        return bound;
    }

    /**
     * Stops accepting and closes client connections, waiting up to {@code timeoutMs} for each. Writes already queued
     * are committed when the stores close.
     */
    public void stop(long timeoutMs) {
        if (listener != null) {
            listener.close().awaitUninterruptibly(timeoutMs);
        }
        clients.close().awaitUninterruptibly(timeoutMs);
    }
}
