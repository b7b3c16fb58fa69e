package io.panamax.blobstore.volume;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.panamax.blobstore.BlobHttpCodec;
import io.panamax.transport.ShardGroup;
import io.panamax.transport.TransportKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code panamax blob volume}: an HTTP/1.1 file server over one directory, the storage side of the blob store (the
 * role nginx with WebDAV plays for Go minikeyvalue; requests and replies in {@link VolumeHandler}). Files are read
 * with zero-copy file regions; uploads go to a temporary file renamed into place.
 *
 * <pre>{@code
 * VolumeServer v = new VolumeServer(Path.of("/data/vol1"), TransportKind.select("auto"), 2);
 * InetSocketAddress bound = v.start("127.0.0.1", 3001);
 * ...
 * v.stop(5_000);
 * }</pre>
 */
public final class VolumeServer {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeServer.class);
    /** Request line and header limits (414 / 431 beyond them). */
    static final int MAX_INITIAL_LINE_BYTES = 8192;
    static final int MAX_HEADER_BYTES = 16384;
    /** A connection with nothing read or written for this long is closed. */
    static final long IDLE_TIMEOUT_MS = 120_000;

    private final Path root;
    private final ShardGroup<Integer> loops;
    private final ChannelGroup clients = new DefaultChannelGroup("volume-clients", GlobalEventExecutor.INSTANCE);
    private Channel listener;

    /**
     * @param dir the volume's root directory; created if missing
     * @param threads event loop threads, in [1, 1024]
     * @throws IOException when the directory cannot be created or is not a directory
     */
    public VolumeServer(Path dir, TransportKind transport, int threads) throws IOException {
        Files.createDirectories(dir);
        this.root = dir.toRealPath();
        this.loops = new ShardGroup<>(transport, threads, (index, loop) -> index);
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
                ch.pipeline().addLast("volume", new VolumeHandler(root));
            }
        });
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        LOG.info("volume serving {} on {}:{} (transport={})", root, bound.getHostString(), bound.getPort(),
                loops.transport().cliName());
        return bound;
    }

    /** Stops accepting, closes connections (an upload in flight is dropped) and stops the loops. */
    public void stop(long timeoutMs) {
        if (listener != null) {
            listener.close().awaitUninterruptibly(timeoutMs);
        }
        clients.close().awaitUninterruptibly(timeoutMs);
        loops.shutdown(index -> {}, timeoutMs);
    }
}
