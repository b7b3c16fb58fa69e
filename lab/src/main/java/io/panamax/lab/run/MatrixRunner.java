package io.panamax.lab.run;

import io.panamax.lab.hardware.HostProbe;
import io.panamax.lab.hardware.MachineProfile;
import io.panamax.lab.hardware.ProfileStore;
import io.panamax.lab.load.RedisBenchmarkCommand;
import io.panamax.lab.matrix.HostLimits;
import io.panamax.lab.matrix.MatrixCatalog;
import io.panamax.lab.matrix.RowSpec;
import io.panamax.lab.report.Measurement;
import io.panamax.lab.report.ReportWriter;
import io.panamax.lab.report.ResultsIndex;
import io.panamax.lab.report.RunInfo;
import io.panamax.lab.server.BlobCluster;
import io.panamax.lab.server.NginxConfig;
import io.panamax.lab.server.ServerPorts;
import io.panamax.lab.server.ServerProcess;
import io.panamax.lab.server.ServerSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a matrix: probes the host, scales the rows, starts Panamax and each installed peer per row on free ports
 * (pinned with {@code taskset} when there are 2+ CPUs), runs every round as A B A B…, and writes the report.
 * Interrupting (SIGINT/SIGTERM) stops every server it started.
 */
public final class MatrixRunner {

    private final RunConfig config;
    private final PrintStream out;
    private final List<ServerProcess> live = new CopyOnWriteArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, RunInfo.ServerInfo> serverInfos = new LinkedHashMap<>();
    private final List<Path> tempDirs = new CopyOnWriteArrayList<>();
    private volatile boolean interrupted;

    /** Run notes of a blob store matrix (minikeyvalue): what each server is and what is compared. */
    static final List<String> BLOB_NOTES = List.of(
            "Blob store rows: each server is Panamax's blob master (`panamax blob master --replicas "
                    + BlobCluster.MINIKEYVALUE.replicas() + " --subvolumes " + BlobCluster.MINIKEYVALUE.subvolumes()
                    + "`, index in a fresh temp dir) over " + BlobCluster.MINIKEYVALUE.volumes()
                    + " volume servers on free ports, started per row and stopped by"
                    + " PID, temp dirs deleted after the row. `panamax` = Panamax's own volumes (`panamax blob"
                    + " volume`); `nginx-volumes` = stock nginx WebDAV volumes set up as Go minikeyvalue sets them up"
                    + " (`dav_methods PUT DELETE; create_full_put_path on; autoindex on; autoindex_format json;"
                    + " client_max_body_size 0`). The master is Panamax's in both: the ratio columns compare volume"
                    + " kinds. Server CPU counts the master and all " + BlobCluster.MINIKEYVALUE.volumes() + " volumes.",
            "Go and Rust minikeyvalue were not run side by side: neither is buildable here (their sources are not on"
                    + " this machine), so each row lists the seed's published figures (their machine, unknown"
                    + " hardware) and, where shared/specs/blobstore.md has them, Go's figures measured earlier on this"
                    + " machine kind with Go's own client, each ratio labelled as not side by side.",
            "The blob store is not reset between runs (no FLUSHALL): every thrasher run and warm-up pass uses fresh"
                    + " random keys and deletes them (the read test after its timed part); the wrk row's key `/key` is"
                    + " written once per server before its warm-up.");

    public MatrixRunner(RunConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** Runs the matrix and returns the report directory. */
    public Path run() throws IOException, InterruptedException {
        MachineProfile host = HostProbe.probe();
        long[] fd = Shell.fdLimits();
        HostLimits limits = HostLimits.of(host.threads(), fd[1], host.memoryBytes(), config.maxmemoryBytes());
        List<RowSpec> rows = new MatrixCatalog(new ProfileStore(config.root().resolve("hardware")).seeds())
                .rows(config.matrix(), limits, config.quick());
        if (config.rowFilter() != null) {
            rows = rows.stream().filter(r -> r.id().contains(config.rowFilter())).toList();
        }
        List<ServerSpec> servers = servers(rows);
        String pinning = pin(limits);
        String sha = Shell.gitSha(config.root());
        LocalDateTime now = LocalDateTime.now();
        Path dir = config.resultsDir().resolve(
                now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + "_" + config.matrix() + "_" + sha);
        Files.createDirectories(dir);
        // The host profile goes beside the report; hardware/ changes only through `lab hardware`.
        new ProfileStore(dir).write(host);
        out.println("[lab] " + host.oneLine());
        out.println("[lab] " + rows.size() + " rows x " + servers.size() + " servers x " + config.rounds()
                + " rounds -> " + dir);
        List<String> loadPrefix = new ArrayList<>(Shell.ulimitPrefix(fd[0], fd[1]));
        if (limits.pinned()) {
            loadPrefix.addAll(0, List.of("taskset", "-c", HostLimits.cpuList(limits.loadCpus())));
        }
        ToolRunner tool = new ToolRunner(loadPrefix, limits.loadCpuCount(), limits.serverCpuCount(), config.quick());
        Thread hook = new Thread(() -> {
            interrupted = true;
            tool.abort();
            int n = live.size();
            live.forEach(ServerProcess::stop);
            deleteTempDirs();
            out.println("[lab] interrupted: stopped the load tool and " + n + " server(s); raw output so far in " + dir);
        }, "lab-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        List<Measurement> measurements = new ArrayList<>();
        Progress progress = new Progress(out, rows.size() * servers.size() * config.rounds());
        try {
            for (int i = 0; i < rows.size() && !interrupted; i++) {
                runRow(rows.get(i), i + 1, rows.size(), servers, limits, fd, dir, tool, progress, measurements);
            }
        } finally {
            live.forEach(ServerProcess::stop);
            live.clear();
            if (!interrupted) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        RunInfo info = new RunInfo(config.matrix(), now.toString(), sha, config.commandLine(), host, pinning, fd[1],
                config.rounds(), config.quick(), List.copyOf(serverInfos.values()), notes);
        Path report = new ReportWriter(dir).write(info, rows, measurements);
        ResultsIndex.write(config.resultsDir());
        out.println("[lab] report: " + report);
        return dir;
    }

    private void runRow(RowSpec row, int index, int total, List<ServerSpec> servers, HostLimits limits, long[] fd,
            Path dir, ToolRunner tool, Progress progress, List<Measurement> measurements)
            throws IOException, InterruptedException {
        List<ServerSpec> eligible = servers.stream().filter(s -> supports(s, row)).toList();
        for (ServerSpec s : servers) {
            if (!eligible.contains(s)) {
                notes.add("row " + row.id() + ": " + s.name() + " skipped, it does not speak protocol="
                        + ToolRunner.protocolFor(s, row));
            }
        }
        if (eligible.isEmpty()) {
            return;
        }
        List<ServerProcess> started = new ArrayList<>();
        try {
            for (ServerSpec s : eligible) {
                ServerProcess sp = start(s, row, limits, fd, dir);
                started.add(sp);
                String w = tool.warmUp(row, sp, dir.resolve(row.id()));
                notes.add("Warm-up of " + s.name() + " for row " + row.id() + " (untimed, until steady): " + w);
            }
            for (int round = 1; round <= config.rounds() && !interrupted; round++) {
                for (ServerProcess sp : started) {
                    progress.step(index, total, row.id(), sp.spec().name(), round, config.rounds());
                    Profiler profiler = config.profile() && round == 1 && sp.spec().name().equals("panamax")
                            ? Profiler.attach(sp.pid(), dir.resolve(row.id() + "-panamax-flamegraph.html"), notes)
                            : null;
                    measurements.add(tool.run(row, sp, round, dir.resolve(row.id())));
                    if (profiler != null) {
                        profiler.stop();
                    }
                    progress.done();
                }
            }
        } finally {
            for (ServerProcess sp : started) {
                sp.stop();
                live.remove(sp);
                sp.companions().forEach(live::remove);
            }
            deleteTempDirs();
        }
    }

    /** Deletes the servers' temp dirs; safe to race with the shutdown hook (each dir is claimed by one caller). */
    private void deleteTempDirs() {
        for (Path t : tempDirs) {
            if (!tempDirs.remove(t)) {
                continue;
            }
            try (java.util.stream.Stream<Path> walk = Files.walk(t)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // best effort: a temp dir whose server may still be exiting
            }
        }
    }

    private ServerProcess start(ServerSpec s, RowSpec row, HostLimits limits, long[] fd, Path dir)
            throws IOException, InterruptedException {
        String protocol = ToolRunner.protocolFor(s, row);
        ServerPorts ports = new ServerPorts(s.speaksResp() ? ServerProcess.freePort() : 0,
                protocol.equals("cache") ? ServerProcess.freePort() : 0,
                protocol.equals("http") ? ServerProcess.freePort() : 0);
        Path temp = Files.createTempDirectory("panamax-lab-" + s.name() + "-");
        tempDirs.add(temp);
        Files.createDirectories(dir.resolve("logs"));
        if (s.isBlobStore()) {
            return startBlobStore(s, row, limits, fd, dir, temp);
        }
        if (s.isNginx()) {
            String conf = NginxConfig.render(temp, ports.http(), limits.serverCpuCount());
            Files.writeString(temp.resolve("nginx.conf"), conf);
            Files.writeString(dir.resolve("logs").resolve(row.id() + "-nginx.conf"), conf);
        }
        Map<String, String> values = Map.of("port", String.valueOf(ports.resp()), "shards",
                String.valueOf(limits.serverCpuCount()), "maxmemory", String.valueOf(config.maxmemoryBytes()),
                "maxclients", String.valueOf(Math.max(10_000, fd[1] - 64)), "root", config.root().toString(),
                "cachePort", String.valueOf(ports.cache()), "httpPort", String.valueOf(ports.http()),
                "dataDir", temp.resolve("data").toString(), "confDir", temp.toString());
        List<String> cmd = new ArrayList<>(Shell.ulimitPrefix(fd[0], fd[1]));
        if (limits.pinned()) {
            cmd.addAll(0, List.of("taskset", "-c", HostLimits.cpuList(limits.serverCpus())));
        }
        cmd.addAll(s.render(values));
        ServerProcess sp = ServerProcess.start(s, cmd, ports, dir.resolve("logs").resolve(row.id() + "-" + s.name()
                + ".log"), 180, live::add);
        if (s.isNginx()) {
            sp.describeAs(Shell.capture(config.root(), "nginx", "-v").replace("nginx version: ", "")
                    + ", worker_processes=" + limits.serverCpuCount() + ", config logs/" + row.id() + "-nginx.conf");
        }
        serverInfos.putIfAbsent(s.name() + "/" + protocol, new RunInfo.ServerInfo(s.name(), s.label() + " ("
                + protocol + ")", RedisBenchmarkCommand.shellLine(cmd), sp.description()));
        return sp;
    }

    /** Starts a blob store row's server: {@link BlobCluster#MINIKEYVALUE}'s volumes, then the master over them. */
    private ServerProcess startBlobStore(ServerSpec s, RowSpec row, HostLimits limits, long[] fd, Path dir, Path temp)
            throws IOException, InterruptedException {
        List<String> prefix = new ArrayList<>(Shell.ulimitPrefix(fd[0], fd[1]));
        if (limits.pinned()) {
            prefix.addAll(0, List.of("taskset", "-c", HostLimits.cpuList(limits.serverCpus())));
        }
        BlobCluster cluster = BlobCluster.MINIKEYVALUE;
        String logName = row.id() + "-" + s.name();
        ServerProcess sp = cluster.start(s, prefix, Map.of("root", config.root().toString()),
                limits.serverCpuCount(), temp, dir.resolve("logs"), logName, live::add);
        String volumes = s.hasNginxVolumes()
                ? Shell.capture(config.root(), "nginx", "-v").replace("nginx version: ", "") + " WebDAV, worker_processes="
                        + limits.serverCpuCount() + " each, config logs/" + logName + "-nginx-volume.conf"
                : "`panamax blob volume`, " + limits.serverCpuCount() + " event loop(s) each";
        sp.describeAs("master: `panamax blob master` --replicas " + cluster.replicas() + " --subvolumes "
                + cluster.subvolumes() + " (defaults: --fsync always, --md5sum=true, --head-cache-ms 1000), "
                + limits.serverCpuCount() + " event loop(s); " + cluster.volumes() + " volumes: " + volumes
                + "; server CPU counts all " + (cluster.volumes() + 1) + " processes");
        serverInfos.putIfAbsent(s.name() + "/blob", new RunInfo.ServerInfo(s.name(), s.label(),
                RedisBenchmarkCommand.shellLine(sp.command()) + " ; volume 1 of " + cluster.volumes() + ": "
                        + RedisBenchmarkCommand.shellLine(sp.companions().getFirst().command()), sp.description()));
        return sp;
    }

    private static boolean supports(ServerSpec s, RowSpec row) {
        return s.speaks(ToolRunner.protocolFor(s, row));
    }

    /**
     * Panamax and the installed peers. For a matrix of blob store rows (protocol {@code blob}) Panamax is its blob
     * store ({@link ServerSpec#blobPanamax()}), {@code --panamax-cmd} does not apply, and the run notes what is and
     * is not compared.
     *
     * @throws IllegalArgumentException when {@code --panamax-cmd} is given for a blob store matrix
     */
    private List<ServerSpec> servers(List<RowSpec> rows) {
        List<ServerSpec> out = new ArrayList<>();
        boolean blob = !rows.isEmpty() && rows.stream().allMatch(r -> r.protocol().equals("blob"));
        if (blob && config.panamaxCmd() != null) {
            throw new IllegalArgumentException("--panamax-cmd does not apply to the blob store rows of matrix="
                    + config.matrix() + ": Panamax is its blob master and volumes there");
        }
        ServerSpec panamax = blob ? ServerSpec.blobPanamax() : ServerSpec.panamax(config.panamaxCmd());
        if (blob) {
            notes.addAll(BLOB_NOTES);
        }
        out.add(panamax);
        if (!blob && !panamax.label().equals("panamax")) {
            notes.add("Panamax was launched as **" + panamax.label() + "** (`--panamax-cmd`): its numbers are not"
                    + " Panamax's.");
        }
        Map<String, String> probe = Map.of("port", "0", "shards", "1", "maxmemory", "0", "maxclients", "0", "root",
                config.root().toString(), "confDir", "/tmp");
        for (String name : config.peers()) {
            ServerSpec peer = ServerSpec.peer(name);
            if (peer.installed(probe)) {
                out.add(peer);
            } else {
                notes.add("peer " + name + " requested but `" + peer.render(probe).getFirst()
                        + "` is not installed: skipped");
            }
        }
        return out;
    }

    private String pin(HostLimits limits) {
        if (!limits.pinned()) {
            return "none (" + limits.cpus() + " CPU): server and load generator share it";
        }
        String self = String.valueOf(ProcessHandle.current().pid());
        String load = HostLimits.cpuList(limits.loadCpus());
        String ok = Shell.capture(config.root(), "taskset", "-a", "-cp", load, self);
        return "servers on CPU " + HostLimits.cpuList(limits.serverCpus()) + " and load generators on CPU " + load
                + " via `taskset -c` (the lab JVM itself, which runs the Java load generators, pinned with `taskset -a -cp "
                + load + "`" + (ok.isEmpty() ? ": FAILED" : "") + ")";
    }
}
