package io.panamax.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code panamax blob master|volume} process (or any command line, e.g. nginx) on a free loopback port, for
 * the blob store's integration tests: started from the shaded jar the build just made, ready once its port
 * accepts, stopped by PID (SIGTERM, then SIGKILL). Blob ITs live in this module because they need that jar.
 */
final class BlobProcess implements AutoCloseable {
    final Process process;
    final int port;
    final Path log;
    /** Directory the test owns for this process ({@code --dir} of a volume, {@code --index} of a master); kept at close. */
    final Path dir;

    private BlobProcess(Process process, int port, Path log, Path dir) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.dir = dir;
    }

    /** {@code host:port} as the master's {@code --volumes} lists it. */
    String address() {
        return "localhost:" + port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts {@code panamax blob volume} over {@code dir} on a free port (1 event loop). */
    static BlobProcess volume(Path dir) throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        return volume(dir, port);
    }

    /** Starts {@code panamax blob volume} over {@code dir} on {@code port}. */
    static BlobProcess volume(Path dir, int port) throws IOException, InterruptedException {
        return start(jarCommand("blob", "volume", "--port", Integer.toString(port), "--dir", dir.toString(),
                "--threads", "1"), port, dir);
    }

    /** Starts {@code panamax blob master --index indexDir} with {@code args} (volumes etc.) on a free port. */
    static BlobProcess master(Path indexDir, String... args) throws IOException, InterruptedException {
        return master(indexDir, List.of(), args);
    }

    /** As {@link #master(Path, String...)}, with extra JVM options (e.g. a small direct-memory limit). */
    static BlobProcess master(Path indexDir, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        List<String> cmd = jarCommand("blob", "master", "--port", Integer.toString(port), "--index", indexDir.toString(),
                "--threads", "2");
        cmd.addAll(1, jvmOptions);
        cmd.addAll(List.of(args));
        return start(cmd, port, indexDir);
    }

    /** Runs a one-shot {@code panamax blob ...} tool to its end; returns its exit code and output. */
    static ToolRun tool(String... args) throws IOException, InterruptedException {
        List<String> cmd = jarCommand(args);
        Path out = Files.createTempFile("panamax-blob-tool-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("tool did not finish in 120 s: " + cmd + "\n" + Files.readString(out));
        }
        String text = Files.readString(out);
        Files.deleteIfExists(out);
        return new ToolRun(p.exitValue(), text);
    }

    record ToolRun(int exitCode, String output) {}

    static List<String> jarCommand(String... args) {
        String jar = System.getProperty("panamax.jar", "target/panamax.jar");
        String java = System.getProperty("panamax.java", ProcessHandle.current().info().command().orElse("java"));
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dio.netty.leakDetection.level=simple", "-jar", jar));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code cmd} and waits until {@code port} accepts connections. */
    static BlobProcess start(List<String> cmd, int port, Path dir) throws IOException, InterruptedException {
        Path log = Files.createTempFile("panamax-blob-it-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BlobProcess bp = new BlobProcess(p, port, log, dir);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("process exited with " + p.exitValue() + ": " + cmd + "\n"
                        + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return bp;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        bp.close();
        throw new IllegalStateException("no listener on " + port + " within 60 s: " + cmd + "\n" + Files.readString(log));
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp log left behind is harmless
        }
    }

    /**
     * SIGTERM and wait: true when the process ran its shutdown and exited by itself within 15 s (a JVM ended by
     * SIGTERM exits with 143), false when it had to be killed.
     */
    boolean terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return false;
        }
        return process.exitValue() == 143 || process.exitValue() == 0;
    }
}
