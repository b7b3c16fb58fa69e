package io.panamax.server;

import io.netty.util.ResourceLeakDetector;
import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.master.MasterConfig;
import io.panamax.blobstore.master.MasterServer;
import io.panamax.engine.lsm.FsyncPolicy;
import io.panamax.transport.TransportKind;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code panamax blob master}: the blob store's master until SIGINT or SIGTERM (then the index is closed). */
@Command(name = "master", mixinStandardHelpOptions = true,
        description = "Run the blob master: minikeyvalue's HTTP API, index in an LSM store, values on the volumes.")
final class BlobMasterCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BlobMasterCommand.class);

    @Mixin
    BlobOptions blob;

    @Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}); 0 picks a free port.", defaultValue = "3000")
    int port;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--protect", description = "DELETE of a live key is refused (403): UNLINK it first.")
    boolean protect;

    @Option(names = "--fallback", description = "host:port to redirect GETs of missing keys to.")
    String fallback;

    @Option(names = "--fsync", description = "Index WAL fsync: always | everysec | no (default: ${DEFAULT-VALUE}).",
            defaultValue = "always")
    String fsync;

    @Option(names = "--head-cache-ms", defaultValue = "1000",
            description = "Trust a replica's HEAD 200 for a key this long before asking again; 0 = HEAD before every redirect, as Go (default: ${DEFAULT-VALUE}).")
    long headCacheMs;

    @Option(names = "--threads", description = "Event loop threads (default: available processors).")
    Integer threads;

    @Option(names = "--transport", description = "auto | io_uring | epoll | nio (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String transport;

    static void quietLeakDetector() {
        if (System.getProperty(ServerCommand.LEAK_DETECTION_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED); // as ServerCommand: tests turn it on
        }
    }

    @Override
    public Integer call() throws Exception {
        quietLeakDetector();
        MasterConfig config;
        FsyncPolicy fsyncPolicy;
        TransportKind kind;
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        try {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port=" + port + " must be in [0, 65535]");
            }
            if (threadCount < 1 || threadCount > 1024) {
                throw new IllegalArgumentException("--threads=" + threadCount + " must be in [1, 1024]");
            }
            config = new MasterConfig(blob.placement(), protect, fallback, blob.md5sum, blob.volTimeoutMs(), headCacheMs);
            try {
                fsyncPolicy = FsyncPolicy.valueOf(fsync.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fsync=" + fsync + " must be always, everysec or no");
            }
            kind = TransportKind.select(transport);
        } catch (IllegalArgumentException e) {
            System.err.println("panamax: " + e.getMessage());
            return 2;
        }
        BlobIndex index;
        try {
            index = BlobIndex.open(blob.index, fsyncPolicy);
        } catch (RuntimeException e) {
            System.err.println("panamax: cannot open the index in --index=" + blob.index + ": " + e.getMessage());
            return 1;
        }
        MasterServer master = new MasterServer(config, index, kind, threadCount);
        InetSocketAddress bound;
        try {
            bound = master.start(bind, port);
        } catch (Exception e) {
            System.err.println("panamax: cannot listen on " + bind + ":" + port + ": " + e);
            master.stop(1_000);
            index.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("master shutting down: stop accepting, close clients, close the index");
            master.stop(5_000);
            try {
                index.close();
            } catch (RuntimeException e) {
                LOG.error("closing the index failed: {}", e.toString());
            }
            LOG.info("stopped");
            stopped.countDown();
        }, "panamax-master-shutdown"));
        LOG.info("Panamax blob master ready on {}:{}, index={}, fsync={}, transport={}, threads={}, pid={}",
                bound.getHostString(), bound.getPort(), blob.index, fsyncPolicy.name().toLowerCase(Locale.ROOT),
                kind.cliName(), threadCount, ProcessHandle.current().pid());
        stopped.await();
        return 0;
    }
}
