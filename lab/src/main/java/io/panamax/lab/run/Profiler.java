package io.panamax.lab.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * async-profiler attached to a running JVM (the Panamax server) through {@code jcmd <pid> JVMTI.agent_load}, with
 * the library from the {@code tools.profiler:async-profiler} artifact; {@code cpu} events when perf events are
 * allowed, else {@code itimer}. {@link #stop} writes the flame graph HTML.
 */
final class Profiler {

    private final long pid;
    private final Path lib;
    private final Path out;
    private final List<String> notes;

    private Profiler(long pid, Path lib, Path out, List<String> notes) {
        this.pid = pid;
        this.lib = lib;
        this.out = out;
        this.notes = notes;
    }

    /** Starts profiling {@code pid}; returns null (with a note) when it cannot. */
    static Profiler attach(long pid, Path flamegraph, List<String> notes) {
        try {
            Path lib = extractLibrary();
            String event = perfEventsAllowed() ? "cpu" : "itimer";
            String r = jcmd(pid, lib, "start,event=" + event);
            if (r == null) {
                notes.add("--profile: attach to pid " + pid + " failed (is it a JVM? jcmd missing?)");
                return null;
            }
            return new Profiler(pid, lib, flamegraph, notes);
        } catch (IOException e) {
            notes.add("--profile: " + e.getMessage());
            return null;
        }
    }

    void stop() {
        String r = jcmd(pid, lib, "stop,file=" + out);
        notes.add(r != null && Files.exists(out) ? "flame graph: [" + out.getFileName() + "](" + out.getFileName() + ")"
                : "--profile: stopping the profiler on pid " + pid + " failed");
    }

    private static String jcmd(long pid, Path lib, String args) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String r = Shell.capture(Path.of("."), jcmd.toString(), String.valueOf(pid), "JVMTI.agent_load", lib.toString(),
                args);
        return r.isEmpty() || r.contains("error") || r.contains("Exception") ? null : r;
    }

    private static boolean perfEventsAllowed() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).strip()) <= 1;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path extractLibrary() throws IOException {
        Path lib = Path.of(System.getProperty("java.io.tmpdir"), "panamax-lab-libasyncProfiler.so");
        if (!Files.exists(lib)) {
            try (InputStream in = Profiler.class.getResourceAsStream("/linux-x64/libasyncProfiler.so")) {
                if (in == null) {
                    throw new IOException("linux-x64/libasyncProfiler.so not in the lab jar");
                }
                Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return lib;
    }
}
