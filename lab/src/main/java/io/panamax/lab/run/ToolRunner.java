package io.panamax.lab.run;

import io.panamax.lab.load.LoadGenerator;
import io.panamax.lab.load.LoadResult;
import io.panamax.lab.load.LoadSpec;
import io.panamax.lab.load.RedisBenchmarkCommand;
import io.panamax.lab.load.RedisBenchmarkCsv;
import io.panamax.lab.load.RedisBenchmarkOutput;
import io.panamax.lab.load.WrkScript;
import io.panamax.lab.matrix.RowSpec;
import io.panamax.lab.report.Measurement;
import io.panamax.lab.server.ProcStat;
import io.panamax.lab.server.ServerProcess;
import io.panamax.lab.server.ServerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one row once against one server with the row's load tool and measures it: results per test, wall time,
 * server CPU (from {@code /proc/<pid>/stat}) and load-generator CPU (the reaped child's time for redis-benchmark,
 * this JVM's own time for the in-process generators). Raw output goes to {@code <rowDir>/<server>-r<round>.*}.
 */
final class ToolRunner {

    private final List<String> loadPrefix;
    private final int loadCpus;
    private final int serverCpus;
    private final boolean quick;
    private final AtomicReference<Process> current = new AtomicReference<>();

    /**
     * @param loadPrefix taskset/ulimit prefix for load-tool processes
     * @param quick {@code --quick}: shorter warm-up passes for wrk and the blob load generators
     */
    ToolRunner(List<String> loadPrefix, int loadCpus, int serverCpus, boolean quick) {
        this.loadPrefix = List.copyOf(loadPrefix);
        this.loadCpus = loadCpus;
        this.serverCpus = serverCpus;
        this.quick = quick;
    }

    /** Kills a running load-tool process (interruption). */
    void abort() {
        Process p = current.get();
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** The protocol {@code server} speaks in {@code row}: the row's for Panamax, the row's peer protocol for peers. */
    static String protocolFor(ServerSpec server, RowSpec row) {
        return server.name().equals("panamax") ? row.protocol() : row.peerProtocol();
    }

    Measurement run(RowSpec row, ServerProcess server, int round, Path rowDir) throws IOException, InterruptedException {
        Files.createDirectories(rowDir);
        String base = server.spec().name() + "-r" + round;
        String protocol = protocolFor(server.spec(), row);
        if (server.spec().speaksResp()) {
            server.call("FLUSHALL");
        }
        if (row.preload() && !server.spec().isNginx()) {
            preload(row, server, protocol);
        }
        return switch (row.tool()) {
            case "redis-benchmark" -> redisBenchmark(row, server, round, rowDir.resolve(base));
            case "resp-load", "cache-load" -> javaLoad(row, server, protocol, round, rowDir.resolve(base));
            case "thrasher", "thrasher-read" -> blobLoad(row, server, round, rowDir.resolve(base));
            case "wrk" -> wrk(row, server, round, rowDir, rowDir.resolve(base));
            default -> throw new IllegalArgumentException("unknown tool=" + row.tool() + " in row=" + row.id());
        };
    }

    /** Requests per test in one redis-benchmark warm-up pass, unpipelined (about a second here at -P 1). */
    static final long WARM_UP_REQUESTS_P1 = 50_000;
    /** Requests per test in one pipelined redis-benchmark warm-up pass. */
    static final long WARM_UP_REQUESTS_PIPELINED = 200_000;
    /** Requests per test in one pass of the lab's own load generator. */
    static final long WARM_UP_REQUESTS_LOAD = 100_000;

    /**
     * Untimed warm-up of {@code server} for {@code row}, the same rule for every server and every tool: passes of the
     * row's own load until the server's rate is steady ({@link SteadyWarmUp}), so a JVM server is measured with the
     * row's hot path compiled and a server without a JIT stops at about the minimum of passes. A pass is the row's
     * redis-benchmark command with fewer requests per test (FLUSHALL before each pass, as before each measured run),
     * the row's load-generator tests with fewer requests (after the row's preload), 3 s (1 s with {@code --quick}) of
     * each of the row's wrk tests (after the row's preload, so GETs hit as in the measured runs), or a tenth of a blob
     * store row's thrasher load (a twentieth with {@code --quick}; {@link BlobLoads#warmUp}). The server is left empty for a
     * redis-benchmark row.
     *
     * @return the warm-up command and the rate of every pass, for the report
     */
    String warmUp(RowSpec row, ServerProcess server, Path rowDir) throws IOException, InterruptedException {
        String protocol = protocolFor(server.spec(), row);
        if (protocol.equals("http") || row.tool().equals("wrk")) {
            return wrkWarmUp(row, server, rowDir);
        }
        if (protocol.equals("blob")) {
            return BlobLoads.warmUp(row, server, quick);
        }
        if (row.tool().equals("redis-benchmark")) {
            long n = Math.min(row.requests(),
                    row.pipeline() > 1 ? WARM_UP_REQUESTS_PIPELINED : WARM_UP_REQUESTS_P1);
            List<String> args = new ArrayList<>(loadPrefix);
            args.addAll(RedisBenchmarkCommand.render("redis-benchmark", row.withRequests(n), "127.0.0.1",
                    server.port()));
            List<Double> rates = SteadyWarmUp.run(() -> {
                server.call("FLUSHALL");
                return redisBenchmarkRps(args);
            });
            server.call("FLUSHALL");
            return "`" + RedisBenchmarkCommand.shellLine(args) + "` (FLUSHALL before each pass), "
                    + SteadyWarmUp.describe(rates);
        }
        if (row.preload()) {
            preload(row, server, protocol);
        }
        int port = server.ports().forProtocol(protocol);
        List<LoadSpec> specs = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (String test : row.tests()) {
            LoadSpec s = spec(row.withRequests(Math.min(row.requests(), WARM_UP_REQUESTS_LOAD)), protocol, port, test);
            specs.add(s);
            commands.add("bin/panamax lab load " + LoadCommandLine.render(s));
        }
        List<Double> rates = SteadyWarmUp.run(() -> {
            double rps = 0;
            for (LoadSpec s : specs) {
                rps += totalRps(new LoadGenerator(s).run(null, null, 600));
            }
            return rps;
        });
        return "`" + String.join(" ; ", commands) + "`, " + SteadyWarmUp.describe(rates);
    }

    /** Seconds of one wrk warm-up pass ... */
    static final int WRK_WARM_UP_S = 3;
    /** ... and with {@code --quick} (whose timed rows run 2 s per test). */
    static final int QUICK_WRK_WARM_UP_S = 1;

    private String wrkWarmUp(RowSpec row, ServerProcess server, Path rowDir) throws IOException, InterruptedException {
        Files.createDirectories(rowDir);
        if (row.preload() && !server.spec().isNginx()) {
            preload(row, server, protocolFor(server.spec(), row));
        }
        List<String> commands = new ArrayList<>();
        List<List<String>> passes = new ArrayList<>();
        for (String test : row.tests()) {
            Path script = rowDir.resolve("warmup-" + test + ".lua");
            Files.writeString(script, WrkScript.render(test, Math.max(1, row.keyspace()), row.dataSize()));
            List<String> args = new ArrayList<>(loadPrefix);
            args.addAll(WrkScript.command(row.threads(), row.clients(), quick ? QUICK_WRK_WARM_UP_S : WRK_WARM_UP_S, script.toString(),
                    WrkScript.url(test, "127.0.0.1", server.ports().http())));
            passes.add(args);
            commands.add(RedisBenchmarkCommand.shellLine(args));
        }
        List<Double> rates = SteadyWarmUp.run(() -> {
            double rps = 0;
            for (int i = 0; i < passes.size(); i++) {
                rps += wrkRps(row.tests().get(i), passes.get(i));
            }
            return rps;
        });
        return "`" + String.join(" ; ", commands) + "`, " + SteadyWarmUp.describe(rates);
    }

    /**
     * Runs one redis-benchmark warm-up pass and returns the sum of its tests' rates.
     *
     * @throws IOException when redis-benchmark failed or printed no result: the warm-up stops
     */
    private double redisBenchmarkRps(List<String> args) throws IOException, InterruptedException {
        PassOutput pass = runPass(args);
        List<LoadResult> results = RedisBenchmarkOutput.parse(pass.out());
        if (pass.code() != 0 || results.isEmpty()) {
            throw new IOException("redis-benchmark warm-up pass failed code=" + pass.code() + ": "
                    + RedisBenchmarkCommand.shellLine(args) + ": " + pass.out().strip());
        }
        return results.stream().mapToDouble(LoadResult::rps).sum();
    }

    /** Exit status and output (stdout and stderr together) of one warm-up pass of a load tool. */
    private record PassOutput(int code, String out) {}

    /** Runs one warm-up pass of a load tool to its end ({@link #abort} can kill it meanwhile). */
    private PassOutput runPass(List<String> args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        current.set(p);
        try (java.io.InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new PassOutput(p.waitFor(), out);
        } finally {
            current.set(null);
        }
    }

    private static double totalRps(List<LoadResult> results) {
        return results.stream().filter(r -> r.test().equals("MIX")).mapToDouble(LoadResult::rps).findFirst()
                .orElseGet(() -> results.stream().mapToDouble(LoadResult::rps).sum());
    }

    /**
     * Runs one wrk warm-up pass and returns its rate.
     *
     * @throws IOException when wrk printed no result (it failed, or {@link #abort} killed it): the warm-up stops
     */
    private double wrkRps(String test, List<String> args) throws IOException, InterruptedException {
        PassOutput pass = runPass(args);
        try {
            return WrkScript.parse(test, pass.out()).rps();
        } catch (IllegalArgumentException e) {
            throw new IOException("wrk warm-up pass failed code=" + pass.code() + ": " + pass.out().strip(), e);
        }
    }

    private Measurement wrk(RowSpec row, ServerProcess server, int round, Path rowDir, Path base)
            throws IOException, InterruptedException {
        List<LoadResult> results = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        long machineBefore = ProcStat.machineBusyMs();
        long childBefore = ProcStat.reapedChildrenCpuMs();
        long serverBefore = server.cpuMs();
        long t0 = System.nanoTime();
        for (String test : row.tests()) {
            Path script = rowDir.resolve(test + ".lua");
            Files.writeString(script, WrkScript.render(test, Math.max(1, row.keyspace()), row.dataSize()));
            List<String> args = new ArrayList<>(loadPrefix);
            args.addAll(WrkScript.command(row.threads(), row.clients(), row.durationS(), script.toString(),
                    WrkScript.url(test, "127.0.0.1", server.ports().http())));
            Path raw = Path.of(base + "-" + test.toUpperCase(Locale.ROOT) + ".txt");
            Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(raw.toFile()).start();
            current.set(p);
            int code = p.waitFor();
            current.set(null);
            try {
                results.add(WrkScript.parse(test, Files.readString(raw)));
            } catch (IllegalArgumentException e) {
                throw new IOException("wrk failed code=" + code + "; see " + raw, e);
            }
            commands.add(RedisBenchmarkCommand.shellLine(args));
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        long serverCpu = server.cpuMs() - serverBefore;
        long loadCpu = ProcStat.reapedChildrenCpuMs() - childBefore;
        long other = ProcStat.machineBusyMs() - machineBefore - serverCpu - loadCpu;
        Files.writeString(Path.of(base + ".csv"), RedisBenchmarkCsv.write(results));
        return measurement(row, server, round, results, wallMs, serverCpu, loadCpu, other, String.join(" ; ", commands));
    }

    private Measurement redisBenchmark(RowSpec row, ServerProcess server, int round, Path base)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(loadPrefix);
        args.addAll(RedisBenchmarkCommand.render("redis-benchmark", row, "127.0.0.1", server.port()));
        Path raw = Path.of(base + ".txt");
        long machineBefore = ProcStat.machineBusyMs();
        long childBefore = ProcStat.reapedChildrenCpuMs();
        long serverBefore = server.cpuMs();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(raw.toFile()).start();
        current.set(p);
        int code = p.waitFor();
        current.set(null);
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        long serverCpu = server.cpuMs() - serverBefore;
        long loadCpu = ProcStat.reapedChildrenCpuMs() - childBefore;
        long other = ProcStat.machineBusyMs() - machineBefore - serverCpu - loadCpu;
        List<LoadResult> results = RedisBenchmarkOutput.parse(Files.readString(raw));
        if (code != 0 || results.isEmpty()) {
            throw new IOException("redis-benchmark failed code=" + code + " results=" + results.size() + "; see " + raw);
        }
        Files.writeString(Path.of(base + ".csv"), RedisBenchmarkCsv.write(results));
        return measurement(row, server, round, results, wallMs, serverCpu, loadCpu, other,
                RedisBenchmarkCommand.shellLine(args));
    }

    private Measurement javaLoad(RowSpec row, ServerProcess server, String protocol, int round, Path base)
            throws IOException, InterruptedException {
        List<LoadResult> results = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        long machineBefore = ProcStat.machineBusyMs();
        long selfBefore = ProcStat.cpuMs(self);
        long serverBefore = server.cpuMs();
        long t0 = System.nanoTime();
        List<String> commands = new ArrayList<>();
        for (String test : row.tests()) {
            LoadSpec spec = spec(row, protocol, server.ports().forProtocol(protocol), test);
            commands.add("bin/panamax lab load " + LoadCommandLine.render(spec));
            Path hlog = Path.of(base + "-" + test.toUpperCase(Locale.ROOT) + ".hlog");
            results.addAll(new LoadGenerator(spec).run(hlog, null, 3600));
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        long serverCpu = server.cpuMs() - serverBefore;
        long loadCpu = ProcStat.cpuMs(self) - selfBefore;
        long other = ProcStat.machineBusyMs() - machineBefore - serverCpu - loadCpu;
        Files.writeString(Path.of(base + ".csv"), RedisBenchmarkCsv.write(results));
        return measurement(row, server, round, results, wallMs, serverCpu, loadCpu, other, String.join(" ; ", commands));
    }

    /**
     * One measured run of a blob store row ({@link BlobLoads}): the lab JVM runs the load generator, so its own CPU
     * time is the load tool's; a read test's key cleanup happens after the measured window.
     */
    private Measurement blobLoad(RowSpec row, ServerProcess server, int round, Path base)
            throws IOException, InterruptedException {
        long self = ProcessHandle.current().pid();
        long machineBefore = ProcStat.machineBusyMs();
        long selfBefore = ProcStat.cpuMs(self);
        long serverBefore = server.cpuMs();
        long[] after = new long[3];
        long t0 = System.nanoTime();
        BlobLoads.Run run = BlobLoads.run(row, server, row.requests(), Path.of(base + ".hlog"), () -> {
            after[0] = server.cpuMs();
            after[1] = ProcStat.cpuMs(self);
            after[2] = ProcStat.machineBusyMs();
        });
        long wallMs = (run.endNs() - t0) / 1_000_000;
        long serverCpu = after[0] < 0 || serverBefore < 0 ? -1 : after[0] - serverBefore;
        long loadCpu = after[1] - selfBefore;
        long other = after[2] - machineBefore - Math.max(0, serverCpu) - loadCpu;
        Files.writeString(Path.of(base + ".csv"), RedisBenchmarkCsv.write(run.results()));
        return measurement(row, server, round, run.results(), wallMs, serverCpu, loadCpu, other, run.command());
    }

    static LoadSpec spec(RowSpec row, String protocol, int port, String test) {
        double setRatio = switch (test) {
            case "set" -> 1.0;
            case "get" -> 0.0;
            default -> row.setRatio();
        };
        return new LoadSpec("127.0.0.1", port, protocol, row.clients(), row.pipeline(), row.threads(),
                row.requests(), row.rate(), setRatio, row.dataSize(), row.keyspace(), false,
                test.toUpperCase(Locale.ROOT));
    }

    private static void preload(RowSpec row, ServerProcess server, String protocol)
            throws IOException, InterruptedException {
        if (protocol.equals("blob")) {
            BlobLoads.preloadKey(server.ports().http());
            return;
        }
        if (protocol.equals("http")) {
            HttpPreload.put("127.0.0.1", server.ports().http(), Math.max(1, row.keyspace()), row.dataSize(), 16);
            return;
        }
        LoadSpec spec = new LoadSpec("127.0.0.1", server.ports().forProtocol(protocol), protocol,
                Math.min(8, row.clients() + 7), 64, 1,
                Math.max(1, row.keyspace()), 0, 1.0, row.dataSize(), row.keyspace(), true, "PRELOAD");
        new LoadGenerator(spec).run(null, null, 600);
    }

    private Measurement measurement(RowSpec row, ServerProcess server, int round, List<LoadResult> results,
            long wallMs, long serverCpu, long loadCpu, long otherCpu, String command) throws IOException {
        long dbsize = server.spec().speaksResp() && server.call("DBSIZE") instanceof Long l ? l : -1;
        return new Measurement(row.id(), server.spec().name(), round, results, wallMs, serverCpu, loadCpu,
                Math.max(0, otherCpu), loadCpus,
                serverCpus, dbsize, server.usedMemory(), command);
    }
}
