package io.panamax.lab.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from {@code /proc/<pid>/stat} (Linux): user + system time of a live process, and of the reaped
 * children of this JVM ({@code cutime + cstime}, how the CPU time of a finished load-tool process is read).
 */
public final class ProcStat {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on Linux x86-64). */
    public static final long TICKS_PER_SECOND = 100;

    private ProcStat() {}

    /** utime + stime of {@code pid} in milliseconds, or -1 when it cannot be read. */
    public static long cpuMs(long pid) {
        long[] f = fields(pid);
        return f == null ? -1 : (f[0] + f[1]) * 1000 / TICKS_PER_SECOND;
    }

    /** utime + stime of {@code pid} and all its live descendants, in milliseconds (-1 if pid is gone). */
    public static long treeCpuMs(long pid) {
        long own = cpuMs(pid);
        if (own < 0) {
            return -1;
        }
        long sum = own;
        for (ProcessHandle d : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(java.util.List.of())) {
            sum += Math.max(0, cpuMs(d.pid()));
        }
        return sum;
    }

    /** Busy CPU time of the whole machine (all CPUs, everything but idle and iowait) in milliseconds, or -1. */
    public static long machineBusyMs() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** cutime + cstime of this JVM (CPU of its waited-for children) in milliseconds. */
    public static long reapedChildrenCpuMs() {
        long[] f = fields(ProcessHandle.current().pid());
        return f == null ? -1 : (f[2] + f[3]) * 1000 / TICKS_PER_SECOND;
    }

    /** utime, stime, cutime, cstime of {@code pid} in ticks, or null. */
    static long[] fields(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Parses a stat line: fields 14-17 (1-based) after the parenthesised command name. */
    static long[] parse(String stat) {
        String rest = stat.substring(stat.lastIndexOf(')') + 2);
        String[] f = rest.trim().split("\\s+");
        // rest starts at field 3 (state): field n is f[n - 3]
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }
}
