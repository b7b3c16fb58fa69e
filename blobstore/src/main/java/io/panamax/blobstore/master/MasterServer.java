package io.panamax.blobstore.master;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.panamax.blobstore.BlobHttpCodec;
import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.admin.Rebalancer;
import io.panamax.blobstore.admin.VolumeHttp;
import io.panamax.transport.ShardGroup;
import io.panamax.transport.TransportKind;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code panamax blob master}: the blob store's front door (Go minikeyvalue's master; API in
 * {@link MasterCommands}). Netty event loops parse HTTP/1.1 and talk to the volumes over their own pooled
 * connections ({@link VolumeClient}); the index is a {@link BlobIndex} whose writes are group-committed; listings
 * and REBALANCE copies run on virtual threads.
 *
 * <pre>{@code
 * try (BlobIndex index = BlobIndex.open(dir, FsyncPolicy.ALWAYS)) {
 *     MasterServer m = new MasterServer(config, index, TransportKind.select("auto"), 2);
 *     m.start("127.0.0.1", 3000);
 *     ...
 *     m.stop(5_000);   // then close the index
 * }
 * }</pre>
 */
public final class MasterServer {
    private static final Logger LOG = LoggerFactory.getLogger(MasterServer.class);
    static final int MAX_INITIAL_LINE_BYTES = 16384;
    static final int MAX_HEADER_BYTES = 16384;
    static final long IDLE_TIMEOUT_MS = 120_000;

    private final MasterConfig config;
    private final ShardGroup<Integer> loops;
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final MasterCommands commands;
    private final ChannelGroup clients = new DefaultChannelGroup("master-clients", GlobalEventExecutor.INSTANCE);
    private Channel listener;

    /** @param threads event loop threads, in [1, 1024] */
    public MasterServer(MasterConfig config, BlobIndex index, TransportKind transport, int threads) {
        this.config = config;
        this.loops = new ShardGroup<>(transport, threads, (i, loop) -> i);
        VolumeClient volumes = new VolumeClient(transport, config.volumeTimeoutMs());
        volumes.resolve(config.placement().volumes().stream().map(VolumeClient::hostPort).toList());
        Rebalancer rebalancer = new Rebalancer(config.placement(), new VolumeHttp(config.volumeTimeoutMs()), index);
        this.commands = new MasterCommands(config, index, volumes, blocking, rebalancer);
    }

    /**
     * Binds and starts accepting.
     *
     * @return the bound address (port 0 binds an ephemeral port)
     * @throws InterruptedException if interrupted while binding
     */
    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        listener = loops.listen(bind, port, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                clients.add(ch);
                BlobHttpCodec.addTo(ch.pipeline(), MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, IDLE_TIMEOUT_MS);
                ch.pipeline().addLast("master", new MasterConnection(commands));
            }
        });
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        LOG.info("blob master on {}:{}: volumes={} replicas={} subvolumes={} protect={} fallback={} md5sum={}",
                bound.getHostString(), bound.getPort(), config.placement().volumes(), config.placement().replicas(),
                config.placement().subvolumes(), config.protect(), config.fallback(), config.md5sum());
        return bound;
    }

    /** Write locks held now (tests: 0 once every request is answered). */
    public int heldLocks() {
        return commands.locks.size();
    }

    /**
     * Stops accepting, closes client connections (uploads in flight fail; their records stay unlinked), waits for
     * listings and rebalances, stops the loops. Close the index afterwards.
     */
    public void stop(long timeoutMs) {
        if (listener != null) {
            listener.close().awaitUninterruptibly(timeoutMs);
        }
        clients.close().awaitUninterruptibly(timeoutMs);
        blocking.shutdown();
        try {
            blocking.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.shutdown(i -> {}, timeoutMs);
    }
}
