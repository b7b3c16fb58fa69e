package io.panamax.lab.report;

import io.panamax.lab.load.LoadResult;
import java.util.List;

/**
 * One load-tool run of one row against one server in one round.
 *
 * @param rowId row id
 * @param server server name ({@code panamax}, {@code redis}, …)
 * @param round 1-based round
 * @param results one result per test
 * @param wallMs wall time of the load-tool run
 * @param serverCpuMs server CPU time (user + system) during the run
 * @param loadCpuMs load generator CPU time during the run
 * @param otherCpuMs CPU time the whole machine spent on anything else during the run (other processes, steal),
 *     from {@code /proc/stat}; high values mean the run was disturbed
 * @param loadCpus CPUs available to the load generator
 * @param serverCpus CPUs available to the server
 * @param dbsize DBSIZE after the run (-1 unknown)
 * @param usedMemory {@code used_memory} after the run (-1 unknown)
 * @param command exact load-tool command line
 */
public record Measurement(
        String rowId,
        String server,
        int round,
        List<LoadResult> results,
        long wallMs,
        long serverCpuMs,
        long loadCpuMs,
        long otherCpuMs,
        int loadCpus,
        int serverCpus,
        long dbsize,
        long usedMemory,
        String command) {

    /** Threshold of {@link #loadUtil()} above which, with a less busy server, the load generator was the limit. */
    public static final double BOTTLENECK_UTIL = 0.90;

    public Measurement {
        results = List.copyOf(results);
    }

    /** Load generator CPU time over (wall time x its CPUs); 1.0 = every CPU it had was busy. */
    public double loadUtil() {
        return wallMs <= 0 || loadCpuMs < 0 ? Double.NaN : (double) loadCpuMs / (wallMs * (double) loadCpus);
    }

    /** CPU time of everything else over (wall time x all CPUs of the machine). */
    public double otherUtil(int machineCpus) {
        return wallMs <= 0 || otherCpuMs < 0 ? Double.NaN : (double) otherCpuMs / (wallMs * (double) machineCpus);
    }

    /** Server CPU time over (wall time x its CPUs). */
    public double serverUtil() {
        return wallMs <= 0 || serverCpuMs < 0 ? Double.NaN : (double) serverCpuMs / (wallMs * (double) serverCpus);
    }

    /** True when the load generator used at least 90% of its CPUs and more of them than the server did. */
    public boolean loadGeneratorBound() {
        double l = loadUtil();
        double s = serverUtil();
        return !Double.isNaN(l) && l >= BOTTLENECK_UTIL && (Double.isNaN(s) || l > s);
    }

    /**
     * Requests across all tests of the run: a MIX result already counts its SETs and GETs, and a CYCLE result (the
     * blob thrasher) counts cycles, each a PUT, a GET with its redirect and a DELETE; so CPU per request of a
     * thrasher run is CPU per cycle.
     */
    public long totalRequests() {
        LoadResult mix = result("MIX");
        if (mix == null) {
            mix = result("CYCLE");
        }
        return mix != null ? mix.requests() : results.stream().mapToLong(LoadResult::requests).sum();
    }

    /** The result of {@code test}, or null. */
    public LoadResult result(String test) {
        return results.stream().filter(r -> r.test().equals(test)).findFirst().orElse(null);
    }
}
