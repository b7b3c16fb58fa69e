package io.panamax.lab.run;

import io.panamax.lab.load.LoadGenerator;
import io.panamax.lab.load.LoadResult;
import io.panamax.lab.load.LoadSpec;
import io.panamax.lab.load.RedisBenchmarkCommand;
import io.panamax.lab.load.RedisBenchmarkCsv;
import io.panamax.lab.load.RedisBenchmarkOutput;
import io.panamax.lab.matrix.RowSpec;
import io.panamax.lab.report.Measurement;
import io.panamax.lab.server.ProcStat;
import io.panamax.lab.server.ServerProcess;
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
    private final AtomicReference<Process> current = new AtomicReference<>();

    /** @param loadPrefix taskset/ulimit prefix for load-tool processes */
    ToolRunner(List<String> loadPrefix, int loadCpus, int serverCpus) {
        this.loadPrefix = List.copyOf(loadPrefix);
        this.loadCpus = loadCpus;
        this.serverCpus = serverCpus;
    }

    /** Kills a running load-tool process (interruption). */
    void abort() {
        Process p = current.get();
        if (p != null) {
            p.destroyForcibly();
        }
    }

    Measurement run(RowSpec row, ServerProcess server, int round, Path rowDir) throws IOException, InterruptedException {
        Files.createDirectories(rowDir);
        String base = server.spec().name() + "-r" + round;
        server.call("FLUSHALL");
        if (row.preload()) {
            preload(row, server);
        }
        return switch (row.tool()) {
            case "redis-benchmark" -> redisBenchmark(row, server, round, rowDir.resolve(base));
            case "resp-load", "cache-load" -> javaLoad(row, server, round, rowDir.resolve(base));
            default -> throw new IllegalArgumentException("unknown tool=" + row.tool() + " in row=" + row.id());
        };
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

    private Measurement javaLoad(RowSpec row, ServerProcess server, int round, Path base)
            throws IOException, InterruptedException {
        List<LoadResult> results = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        long machineBefore = ProcStat.machineBusyMs();
        long selfBefore = ProcStat.cpuMs(self);
        long serverBefore = server.cpuMs();
        long t0 = System.nanoTime();
        List<String> commands = new ArrayList<>();
        for (String test : row.tests()) {
            LoadSpec spec = spec(row, server.port(), test);
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

    static LoadSpec spec(RowSpec row, int port, String test) {
        double setRatio = switch (test) {
            case "set" -> 1.0;
            case "get" -> 0.0;
            default -> row.setRatio();
        };
        return new LoadSpec("127.0.0.1", port, row.protocol(), row.clients(), row.pipeline(), row.threads(),
                row.requests(), row.rate(), setRatio, row.dataSize(), row.keyspace(), false,
                test.toUpperCase(Locale.ROOT));
    }

    private static void preload(RowSpec row, ServerProcess server) throws IOException, InterruptedException {
        LoadSpec spec = new LoadSpec("127.0.0.1", server.port(), row.protocol(), Math.min(8, row.clients() + 7), 64, 1,
                Math.max(1, row.keyspace()), 0, 1.0, row.dataSize(), row.keyspace(), true, "PRELOAD");
        new LoadGenerator(spec).run(null, null, 600);
    }

    private Measurement measurement(RowSpec row, ServerProcess server, int round, List<LoadResult> results,
            long wallMs, long serverCpu, long loadCpu, long otherCpu, String command) throws IOException {
        long dbsize = server.call("DBSIZE") instanceof Long l ? l : -1;
        return new Measurement(row.id(), server.spec().name(), round, results, wallMs, serverCpu, loadCpu,
                Math.max(0, otherCpu), loadCpus,
                serverCpus, dbsize, server.usedMemory(), command);
    }
}
