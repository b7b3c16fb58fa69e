package io.panamax.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Panamax (or redis-server) process on a free loopback port, for integration tests. Stopped
 * by PID: SIGTERM, then SIGKILL if it does not exit in time.
 */
final class ServerProcess implements AutoCloseable {
    final Process process;
    final int port;
    /** Cache protocol port (a free one unless the test passed {@code --cache-port}); -1 for redis-server. */
    int cachePort = -1;
    /** REST port (a free one unless the test passed {@code --http-port}); -1 for redis-server. */
    int httpPort = -1;
    /** Temporary {@code --data-dir} created for this process (deleted at close), or null if the test passed one. */
    Path tempDataDir;
    final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code panamax server --port P --cache-port C} (free ports; {@code --cache-port} from {@code extraArgs}
     * if given) with {@code extraArgs}, waiting until it accepts connections.
     */
    static ServerProcess panamax(String... extraArgs) throws IOException, InterruptedException {
        String jar = System.getProperty("panamax.jar", "target/panamax.jar");
        String java = System.getProperty("panamax.java", ProcessHandle.current().info().command().orElse("java"));
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx512m", "-Dio.netty.leakDetection.level=simple",
                "-jar", jar, "server", "--port", Integer.toString(port)));
        int cachePort = -1;
        if (!List.of(extraArgs).contains("--cache-port")) {
            cachePort = freePort();
            cmd.addAll(List.of("--cache-port", Integer.toString(cachePort)));
        } else {
            cachePort = Integer.parseInt(extraArgs[List.of(extraArgs).indexOf("--cache-port") + 1]);
        }
        int httpPort;
        if (!List.of(extraArgs).contains("--http-port")) {
            httpPort = freePort();
            cmd.addAll(List.of("--http-port", Integer.toString(httpPort)));
        } else {
            httpPort = Integer.parseInt(extraArgs[List.of(extraArgs).indexOf("--http-port") + 1]);
        }
        Path tempDataDir = null;
        if (!List.of(extraArgs).contains("--data-dir")) {
            tempDataDir = Files.createTempDirectory("panamax-it-data-");
            cmd.addAll(List.of("--data-dir", tempDataDir.toString()));
        }
        cmd.addAll(List.of(extraArgs));
        ServerProcess server;
        try {
            server = start(cmd, port);
        } catch (RuntimeException e) {
            deleteTree(tempDataDir);
            throw e;
        }
        server.cachePort = cachePort;
        server.httpPort = httpPort;
        server.tempDataDir = tempDataDir;
        return server;
    }

    /** Starts a stock {@code redis-server} without persistence, for differential tests. */
    static ServerProcess redis() throws IOException, InterruptedException {
        int port = freePort();
        return start(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--databases", "1"), port);
    }

    static boolean redisInstalled() {
        try {
            return new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static ServerProcess start(List<String> cmd, int port) throws IOException, InterruptedException {
        Path log = Files.createTempFile("panamax-it-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(p, port, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new IllegalStateException("server did not listen on " + port + " within 30 s: " + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM and wait; true if it exited by itself within {@code timeoutMs}. */
    boolean terminate(long timeoutMs) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** SIGKILL (no shutdown hook runs) and wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && !terminate(10_000)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        deleteTree(tempDataDir);
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir left behind is not a test failure
        }
    }
}
