package io.panamax.server;

import io.netty.util.ResourceLeakDetector;
import io.panamax.blobstore.volume.VolumeServer;
import io.panamax.transport.TransportKind;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code panamax blob volume}: serves one directory as a blob volume until SIGINT or SIGTERM. */
@Command(name = "volume", mixinStandardHelpOptions = true,
        description = "Run a volume server: HTTP PUT/GET/HEAD/DELETE of files under --dir, JSON directory listings.")
final class BlobVolumeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BlobVolumeCommand.class);

    @Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}); 0 picks a free port.", defaultValue = "3001")
    int port;

    @Option(names = "--dir", required = true, description = "Directory holding the volume's files (created if missing).")
    Path dir;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--threads", description = "Event loop threads (default: available processors).")
    Integer threads;

    @Option(names = "--transport", description = "auto | io_uring | epoll | nio (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String transport;

    @Override
    public Integer call() throws Exception {
        BlobMasterCommand.quietLeakDetector();
        if (port < 0 || port > 65535) {
            System.err.println("panamax: --port=" + port + " must be in [0, 65535]");
            return 2;
        }
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || threadCount > 1024) {
            System.err.println("panamax: --threads=" + threadCount + " must be in [1, 1024]");
            return 2;
        }
        TransportKind kind;
        VolumeServer server;
        try {
            kind = TransportKind.select(transport);
            server = new VolumeServer(dir, kind, threadCount);
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("panamax: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        InetSocketAddress bound;
        try {
            bound = server.start(bind, port);
        } catch (Exception e) {
            System.err.println("panamax: cannot listen on " + bind + ":" + port + ": " + e);
            server.stop(1_000);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("volume shutting down");
            server.stop(5_000);
            stopped.countDown();
        }, "panamax-volume-shutdown"));
        LOG.info("Panamax blob volume ready on {}:{}, dir={}, transport={}, threads={}, pid={}", bound.getHostString(),
                bound.getPort(), dir, kind.cliName(), threadCount, ProcessHandle.current().pid());
        stopped.await();
        return 0;
    }
}
