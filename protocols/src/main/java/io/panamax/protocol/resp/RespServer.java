package io.panamax.protocol.resp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.panamax.transport.ShardGroup;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RESP listener: accepts connections on the shards' event loops and gives each a
 * {@link RespConnection}. Holds what commands share server-wide: the command table, limits,
 * settings, the client registry, and the shutdown request.
 */
public final class RespServer {
    private static final Logger LOG = LoggerFactory.getLogger(RespServer.class);

    /** Identity: Redis semantics level we follow, and our own version. */
    public static final String REDIS_VERSION = "7.0.15";

    private final ShardGroup<Shard> shards;
    private final CommandTable commands;
    private final RespLimits limits;
    private final ServerSettings settings;
    private final String panamaxVersion;
    private final Runnable shutdownRequest;
    private final long startedAtMs = System.currentTimeMillis();
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final AtomicLong connectionsReceived = new AtomicLong();
    private final ConcurrentHashMap<Long, RespConnection> clients = new ConcurrentHashMap<>();
    private Channel listener;

    /**
     * @param shutdownRequest called (from a shard thread) when a client sends SHUTDOWN; it must stop
     *     the server asynchronously
     */
    public RespServer(ShardGroup<Shard> shards, RespLimits limits, ServerSettings settings, String panamaxVersion,
            Runnable shutdownRequest) {
        this.shards = shards;
        this.limits = limits;
        this.settings = settings;
        this.panamaxVersion = panamaxVersion;
        this.shutdownRequest = shutdownRequest;
        this.commands = Commands.table();
    }

    /**
     * Binds {@code bind:port} and starts accepting.
     *
     * @return the bound address (port 0 binds an ephemeral port)
     * @throws InterruptedException if interrupted while binding
     */
    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        listener = shards.listen(bind, port, new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connectionsReceived.incrementAndGet();
                        ch.pipeline().addLast(new RespConnection(RespServer.this, nextClientId.getAndIncrement()));
                    }
                });
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        LOG.info("RESP listening on {}:{}", bound.getHostString(), bound.getPort());
        return bound;
    }

    /** Stops accepting; existing connections stay until the loops stop. */
    public void stopAccepting() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
    }

    /** Closes every client connection, letting written replies go out first. */
    public void closeClients() {
        for (RespConnection c : clients.values()) {
            c.kill();
        }
    }

    public ShardGroup<Shard> shards() {
        return shards;
    }

    public CommandTable commands() {
        return commands;
    }

    public RespLimits limits() {
        return limits;
    }

    public ServerSettings settings() {
        return settings;
    }

    public String panamaxVersion() {
        return panamaxVersion;
    }

    public long startedAtMs() {
        return startedAtMs;
    }

    public long connectionsReceived() {
        return connectionsReceived.get();
    }

    void requestShutdown() {
        shutdownRequest.run();
    }

    void clientOpened(RespConnection c) {
        clients.put(c.clientId(), c);
    }

    void clientClosed(RespConnection c) {
        clients.remove(c.clientId());
    }

    Collection<RespConnection> clients() {
        return clients.values();
    }

    RespConnection client(long id) {
        return clients.get(id);
    }
}
