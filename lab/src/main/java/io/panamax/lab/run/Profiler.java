package io.panamax.lab.run;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * async-profiler attached to a running JVM (the Panamax server) through the Attach API ({@code
 * VirtualMachine.loadAgentPath}; not {@code jcmd JVMTI.agent_load}, whose argument parser cuts
 * {@code start,event=itimer} at the {@code =}), with {@code linux-x64/libasyncProfiler.so} taken from the {@code tools.profiler:async-profiler} artifact
 * (shaded into the lab jar). Samples {@code cpu} when {@code /proc/sys/kernel/perf_event_paranoid} is at most 1,
 * else (or when {@code cpu} fails to start) {@code itimer}. {@link #stop} dumps the flame graph HTML (format chosen
 * by the {@code .html} extension).
 */
final class Profiler {

    /** Where the library lives inside the lab jar (the artifact's layout). */
    static final String LIBRARY_RESOURCE = "/linux-x64/libasyncProfiler.so";

    private final long pid;
    private final Path lib;
    private final Path out;
    private final String event;
    private final List<String> notes;

    private Profiler(long pid, Path lib, Path out, String event, List<String> notes) {
        this.pid = pid;
        this.lib = lib;
        this.out = out;
        this.event = event;
        this.notes = notes;
    }

    /** Starts profiling {@code pid}; returns null (with a note saying why) when it cannot. */
    static Profiler attach(long pid, Path flamegraph, List<String> notes) {
        try {
            Path lib = extractLibrary();
            String event = perfEventsAllowed(readParanoid()) ? "cpu" : "itimer";
            String r = load(pid, lib, startOptions(event));
            if (r != null && event.equals("cpu")) {
                event = "itimer";
                r = load(pid, lib, startOptions(event));
            }
            if (r != null) {
                notes.add("--profile: attaching async-profiler to pid " + pid + " failed: " + r);
                return null;
            }
            return new Profiler(pid, lib, flamegraph, event, notes);
        } catch (IOException e) {
            notes.add("--profile: " + e.getMessage());
            return null;
        }
    }

    /** Stops sampling and writes the flame graph; notes a link to it (relative to the report) or the failure. */
    boolean stop() {
        String r = load(pid, lib, stopOptions(out));
        boolean ok = r == null && isFlameGraph(out);
        notes.add(ok ? "flame graph of Panamax (async-profiler " + event + ", 1 ms interval): [" + out.getFileName()
                + "](" + out.getFileName() + ")"
                : "--profile: stopping async-profiler on pid " + pid + " wrote no flame graph at " + out
                        + (r == null ? "" : ": " + r));
        return ok;
    }

    /** Agent options that start sampling {@code event} every millisecond. */
    static String startOptions(String event) {
        return "start,event=" + event + ",interval=1ms";
    }

    /** Agent options that stop sampling and dump the flame graph to {@code html}. */
    static String stopOptions(Path html) {
        return "stop,file=" + html.toAbsolutePath();
    }

    /** Loads the agent into {@code pid} with {@code options}; null on success, else why it failed. */
    static String load(long pid, Path lib, String options) {
        try {
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
            try {
                vm.loadAgentPath(lib.toString(), options);
                return null;
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException | AgentLoadException | AgentInitializationException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Whether {@code file} holds an async-profiler flame graph page (non-trivial: at least 10 KiB). */
    static boolean isFlameGraph(Path file) {
        try {
            return Files.size(file) >= 10_240 && Files.readString(file).contains("<canvas");
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code cpu} (perf events) needs {@code perf_event_paranoid <= 1} for a non-privileged profiler. */
    static boolean perfEventsAllowed(int paranoid) {
        return paranoid <= 1;
    }

    private static int readParanoid() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).strip());
        } catch (IOException | RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Copies the library out of the jar into a file private to this lab process (deleted on exit). */
    static Path extractLibrary() throws IOException {
        Path lib = Path.of(System.getProperty("java.io.tmpdir"),
                "panamax-lab-" + ProcessHandle.current().pid() + "-libasyncProfiler.so");
        if (!Files.exists(lib)) {
            try (InputStream in = Profiler.class.getResourceAsStream(LIBRARY_RESOURCE)) {
                if (in == null) {
                    throw new IOException(LIBRARY_RESOURCE + " is not on the lab's class path");
                }
                Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            }
            lib.toFile().deleteOnExit();
        }
        return lib;
    }
}
