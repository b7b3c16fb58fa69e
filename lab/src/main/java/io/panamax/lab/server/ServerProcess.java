package io.panamax.lab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running server under test. {@link #start} launches the command, waits until PING answers on the RESP port
 * (when it speaks RESP) and every other listener ({@link ServerPorts}) accepts connections, and reads what the
 * server says about itself (version, transport, shards, persistence); {@link #stop} sends SIGTERM and, after
 * 10 s, SIGKILL. A server made of several processes (a blob master and its volume servers, {@link BlobCluster}) is
 * the first process with the others {@link #attach attached}: its CPU time counts them all and stopping it stops
 * them all.
 */
public final class ServerProcess implements AutoCloseable {

    private final ServerSpec spec;
    private final List<String> command;
    private final ServerPorts ports;
    private final Process process;
    private final List<ServerProcess> companions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private String describe = "";

    private ServerProcess(ServerSpec spec, List<String> command, ServerPorts ports, Process process) {
        this.spec = spec;
        this.command = command;
        this.ports = ports;
        this.process = process;
    }

    /**
     * Starts {@code command} (already rendered, with any {@code taskset} prefix) with output to {@code log}, and
     * waits up to {@code readyTimeoutS} for PONG on the RESP port (if any) and a TCP accept on the others.
     * {@code launched} gets the process as soon as it exists, before the wait, so an interrupt during a slow start
     * can still stop it.
     *
     * @throws IOException when it exits early or does not answer in time (the process is then stopped)
     */
    public static ServerProcess start(ServerSpec spec, List<String> command, ServerPorts ports, Path log,
            int readyTimeoutS, Consumer<ServerProcess> launched) throws IOException, InterruptedException {
        ServerProcess sp = launch(spec, command, ports, log, launched);
        sp.awaitReady(log, readyTimeoutS);
        return sp;
    }

    /**
     * Starts {@code command} with output to {@code log} and returns at once, before the server is ready (so several
     * can start together, as a blob store's volumes); follow with {@link #awaitReady}.
     *
     * @throws IOException when the command cannot be started
     */
    public static ServerProcess launch(ServerSpec spec, List<String> command, ServerPorts ports, Path log,
            Consumer<ServerProcess> launched) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServerProcess sp = new ServerProcess(spec, command, ports, p);
        launched.accept(sp);
        return sp;
    }

    /**
     * Waits up to {@code readyTimeoutS} for PONG on the RESP port (if any) and a TCP accept on the others.
     *
     * @throws IOException when the process exits first or does not answer in time (it is then stopped); the message
     *     names {@code log}
     */
    public void awaitReady(Path log, int readyTimeoutS) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readyTimeoutS);
        if (ports.resp() > 0) {
            while (true) {
                checkAlive(log);
                try (RespClient c = new RespClient("127.0.0.1", ports.resp(), 1000)) {
                    if ("PONG".equals(c.call("PING"))) {
                        describe = readDescription(c);
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                checkDeadline(deadline, "answer PING on port=" + ports.resp(), readyTimeoutS, log);
                Thread.sleep(100);
            }
        }
        for (int port : new int[] {ports.cache(), ports.http()}) {
            while (port > 0) {
                checkAlive(log);
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    break;
                } catch (IOException notYet) {
                    checkDeadline(deadline, "accept on port=" + port, readyTimeoutS, log);
                    Thread.sleep(100);
                }
            }
        }
    }

    private void checkAlive(Path log) throws IOException {
        if (!process.isAlive()) {
            throw new IOException("server name=" + spec.name() + " exited with code=" + process.exitValue()
                    + " before it was ready; see log=" + log);
        }
    }

    private void checkDeadline(long deadline, String what, int timeoutS, Path log) throws IOException {
        if (System.nanoTime() > deadline) {
            stop();
            throw new IOException("server name=" + spec.name() + " did not " + what + " within " + timeoutS
                    + " s; see log=" + log);
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

    /** Runs one control command on a fresh RESP connection; IOException when the server does not speak RESP. */
    public Object call(String... args) throws IOException {
        if (ports.resp() <= 0) {
            throw new IOException("server name=" + spec.name() + " has no RESP port");
        }
        try (RespClient c = new RespClient("127.0.0.1", ports.resp(), 30_000)) {
            return c.call(args);
        }
    }

    /** {@code used_memory} from INFO memory, or -1 (also when the server does not speak RESP). */
    public long usedMemory() {
        if (ports.resp() <= 0) {
            return -1;
        }
        try {
            String v = RespClient.infoField(String.valueOf(call("INFO", "memory")), "used_memory");
            return v == null ? -1 : Long.parseLong(v);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * CPU time (user + system) of the server's process tree and of every attached process's tree, in milliseconds;
     * -1 when one of them is gone (the measurement is then unknown, not low).
     */
    public long cpuMs() {
        long sum = ProcStat.treeCpuMs(process.pid());
        for (ServerProcess c : companions) {
            long ms = c.cpuMs();
            if (sum < 0 || ms < 0) {
                return -1;
            }
            sum += ms;
        }
        return sum;
    }

    /**
     * Makes {@code companion} part of this server: counted in {@link #cpuMs()}, stopped by {@link #stop()} after this
     * process (a blob master first, so it stops writing to its volumes, then the volumes).
     */
    public void attach(ServerProcess companion) {
        companions.add(companion);
    }

    /** The processes {@link #attach attached} to this one, in order. */
    public List<ServerProcess> companions() {
        return List.copyOf(companions);
    }

    /** Whether this process and every attached one are still running. */
    public boolean alive() {
        return process.isAlive() && companions.stream().allMatch(ServerProcess::alive);
    }

    public long pid() {
        return process.pid();
    }

    /** The RESP port (0 for a server without one). */
    public int port() {
        return ports.resp();
    }

    /** Every listener this server was started with. */
    public ServerPorts ports() {
        return ports;
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

    /** Sets the description for a server that cannot report itself over RESP (e.g. {@code nginx -v}). */
    public void describeAs(String description) {
        this.describe = description;
    }

    /**
     * SIGTERM to the process tree and to every attached process's tree at once, then waits for each in turn, with
     * SIGKILL for one still alive after 10 s; idempotent.
     */
    public void stop() {
        List<ProcessHandle> tree = signal();
        companions.forEach(ServerProcess::signal); // all at once: their shutdowns overlap
        awaitExit(tree);
        companions.forEach(ServerProcess::stop);
    }

    /** SIGTERM to the process and its descendants; returns the descendants as they were. */
    private List<ProcessHandle> signal() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        return tree;
    }

    private void awaitExit(List<ProcessHandle> tree) {
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
