package io.panamax.lab.jmh;

import io.panamax.lab.LabPaths;
import io.panamax.lab.report.ResultsIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lab jmh [--quick] [--include REGEX] [--json PATH]}: runs the JMH benchmarks of this package through JMH's
 * {@link Runner} (one fork, {@code -prof gc}) and writes {@code results/<date>_jmh_<sha>/} with {@code jmh.json}
 * and {@code report.md} (plus the {@link KeyspaceFootprint} printout when a {@code KeyspaceBenchmark} ran).
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "Run the JMH microbenchmarks (keyspace, RESP decoder) with -prof gc; write results/<date>_jmh_<sha>/.")
public final class JmhCommand implements Callable<Integer> {

    /** JVM flags of every JMH fork and of the footprint JVM (TOOLCHAIN.md, "JVM flags on JDK 25"). */
    static final List<String> FORK_FLAGS =
            List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    private static final String DEFAULT_INCLUDE = "io\\.panamax\\.lab\\.jmh\\.";

    @Option(names = "--quick", description = "Smoke-test settings: warmup 2 x 1 s, measurement 3 x 1 s (default 3 x 1 s, 5 x 1 s).")
    boolean quick;

    @Option(names = "--include", description = "Only benchmarks whose name matches this regex (JMH include), e.g. Keyspace.*GetHit.")
    String include;

    @Option(names = "--json", description = "Also copy the JMH JSON to this path.")
    Path json;

    @Option(names = "--results", description = "Results directory (default: <repo>/results).")
    Path results;

    @Override
    public Integer call() throws IOException, RunnerException, InterruptedException {
        Path root = LabPaths.root();
        Path resultsDir = results != null ? results : root.resolve("results");
        LocalDateTime now = LocalDateTime.now();
        String sha = gitSha(root);
        Path dir = resultsDir.resolve(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + "_jmh_" + sha);
        Files.createDirectories(dir);
        Path jsonFile = dir.resolve("jmh.json");
        int warmup = quick ? 2 : 3;
        int measurement = quick ? 3 : 5;
        String loadBefore = read("/proc/loadavg");
        Options options = new OptionsBuilder()
                .include(include != null ? include : DEFAULT_INCLUDE)
                .forks(1)
                .warmupIterations(warmup)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(measurement)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgs(FORK_FLAGS.toArray(String[]::new))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(jsonFile.toString())
                .build();
        Collection<RunResult> runs;
        try {
            runs = new Runner(options).run();
        } catch (RunnerException e) {
            deleteIfEmpty(dir);
            throw e;
        }
        String footprint = ranKeyspaceBenchmark(runs) ? footprint() : null;
        List<JmhRow> rows = runs.stream().map(JmhRow::of).toList();
        var first = runs.iterator().next().getParams();
        String jvm = "JDK " + first.getJdkVersion() + ", " + first.getVmName() + ", " + first.getVmVersion();
        String settings = "1 fork, warmup " + warmup + " x 1 s, measurement " + measurement + " x 1 s";
        JmhReport report = new JmhReport(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), sha,
                commandLine(), sh("lscpu | grep 'Model name'"), sh("nproc"), jvm, settings, FORK_FLAGS, loadBefore,
                read("/proc/loadavg"), footprint);
        Files.writeString(dir.resolve("report.md"), report.markdown(rows));
        if (json != null) {
            Files.copy(jsonFile, json, StandardCopyOption.REPLACE_EXISTING);
        }
        ResultsIndex.write(resultsDir);
        System.out.println("[jmh] wrote " + dir.resolve("report.md"));
        return 0;
    }

    private static boolean ranKeyspaceBenchmark(Collection<RunResult> runs) {
        String prefix = KeyspaceBenchmark.class.getName() + ".";
        return runs.stream().anyMatch(r -> r.getParams().getBenchmark().startsWith(prefix));
    }

    /** Runs {@link KeyspaceFootprint} in a child JVM with {@link #FORK_FLAGS}; returns its output. */
    private static String footprint() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(FORK_FLAGS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KeyspaceFootprint.class.getName()));
        System.out.println("[jmh] footprint: " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        System.out.print(out);
        return rc == 0 ? out : out + "\n(footprint JVM exited with " + rc + ")";
    }

    private String commandLine() {
        StringBuilder sb = new StringBuilder("bin/panamax lab jmh");
        if (quick) {
            sb.append(" --quick");
        }
        if (include != null) {
            sb.append(" --include '").append(include).append('\'');
        }
        if (json != null) {
            sb.append(" --json ").append(json);
        }
        if (results != null) {
            sb.append(" --results ").append(results);
        }
        return sb.toString();
    }

    /** Short commit of {@code root}, {@code -dirty} when tracked files are modified, {@code nogit} outside git. */
    private static String gitSha(Path root) {
        String sha = sh("git -C '" + root + "' rev-parse --short HEAD");
        if (sha.isEmpty()) {
            return "nogit";
        }
        return sh("git -C '" + root + "' status --porcelain --untracked-files=no").isEmpty() ? sha : sha + "-dirty";
    }

    /** Output of {@code sh -c script}, stripped; "" when it fails. */
    private static String sh(String script) {
        try {
            Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            if (s.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }
}
