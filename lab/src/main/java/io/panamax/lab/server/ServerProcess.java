package io.panamax.lab.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running server under test. {@link #start} launches the command, waits until PING answers and reads what
 * the server says about itself (version, transport, shards, persistence); {@link #stop} sends SIGTERM and, after
 * 10 s, SIGKILL.
 */
public final class ServerProcess implements AutoCloseable {

    private final ServerSpec spec;
    private final List<String> command;
    private final int port;
    private final Process process;
    private String describe = "";

    private ServerProcess(ServerSpec spec, List<String> command, int port, Process process) {
        this.spec = spec;
        this.command = command;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts {@code command} (already rendered, with any {@code taskset} prefix) with output to {@code log}, and
     * waits up to {@code readyTimeoutS} for PONG.
     *
     * @throws IOException when it exits early or does not answer in time (the process is then stopped)
     */
    public static ServerProcess start(ServerSpec spec, List<String> command, int port, Path log, int readyTimeoutS)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServerProcess sp = new ServerProcess(spec, command, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readyTimeoutS);
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("server name=" + spec.name() + " exited with code=" + p.exitValue()
                        + " before answering PING; see log=" + log);
            }
            try (RespClient c = new RespClient("127.0.0.1", port, 1000)) {
                if ("PONG".equals(c.call("PING"))) {
                    sp.describe = sp.readDescription(c);
                    return sp;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                sp.stop();
                throw new IOException("server name=" + spec.name() + " did not answer PING on port=" + port
                        + " within " + readyTimeoutS + " s; see log=" + log);
            }
            Thread.sleep(100);
        }
    }

    private String readDescription(RespClient c) throws IOException {
        String info = String.valueOf(c.call("INFO"));
        StringBuilder sb = new StringBuilder();
        append(sb, "redis_version", RespClient.infoField(info, "redis_version"));
        append(sb, "valkey_version", RespClient.infoField(info, "valkey_version"));
        append(sb, "transport", RespClient.infoField(info, "transport"));
        append(sb, "shards", RespClient.infoField(info, "shards"));
        append(sb, "io_threads", RespClient.infoField(info, "io_threads_active"));
        append(sb, "maxmemory", String.valueOf(config(c, "maxmemory")));
        append(sb, "save", '"' + String.valueOf(config(c, "save")) + '"');
        append(sb, "appendonly", String.valueOf(config(c, "appendonly")));
        return sb.toString();
    }

    private static Object config(RespClient c, String name) throws IOException {
        Object r = c.call("CONFIG", "GET", name);
        return r instanceof List<?> l && l.size() >= 2 ? l.get(1) : r;
    }

    private static void append(StringBuilder sb, String k, String v) {
        if (v != null && !v.equals("null")) {
            sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(v);
        }
    }

    /** A free TCP port on 127.0.0.1 (bound and released; the usual small race applies). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Runs one control command on a fresh connection. */
    public Object call(String... args) throws IOException {
        try (RespClient c = new RespClient("127.0.0.1", port, 30_000)) {
            return c.call(args);
        }
    }

    /** {@code used_memory} from INFO memory, or -1. */
    public long usedMemory() {
        try {
            String v = RespClient.infoField(String.valueOf(call("INFO", "memory")), "used_memory");
            return v == null ? -1 : Long.parseLong(v);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** CPU time (user + system) of the server process tree, in milliseconds. */
    public long cpuMs() {
        return ProcStat.treeCpuMs(process.pid());
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public ServerSpec spec() {
        return spec;
    }

    public List<String> command() {
        return command;
    }

    /** What the server reported at start: version, transport, shards, maxmemory, persistence settings. */
    public String description() {
        return describe;
    }

    /** SIGTERM to the process tree, then SIGKILL after 10 s; idempotent. */
    public void stop() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        stop();
    }
}
