package io.panamax.lab.matrix;

import java.util.List;

/**
 * What the machine at hand allows a run to use.
 *
 * @param cpus online CPUs
 * @param serverCpus CPUs the servers are pinned to (empty: no pinning)
 * @param loadCpus CPUs the load generator is pinned to (empty: no pinning)
 * @param fdLimit open-file limit the lab's children get ({@code ulimit -n} after raising soft to hard)
 * @param memoryBytes physical memory
 * @param maxmemoryBytes the {@code maxmemory} every server gets
 */
public record HostLimits(
        int cpus, List<Integer> serverCpus, List<Integer> loadCpus, long fdLimit, long memoryBytes, long maxmemoryBytes) {

    public HostLimits {
        serverCpus = List.copyOf(serverCpus);
        loadCpus = List.copyOf(loadCpus);
    }

    /** Splits {@code cpus} into pinned halves (servers get the upper half) when there are at least 2. */
    public static HostLimits of(int cpus, long fdLimit, long memoryBytes, long maxmemoryBytes) {
        if (cpus < 2) {
            return new HostLimits(cpus, List.of(), List.of(), fdLimit, memoryBytes, maxmemoryBytes);
        }
        int half = cpus / 2;
        List<Integer> load = java.util.stream.IntStream.range(0, cpus - half).boxed().toList();
        List<Integer> server = java.util.stream.IntStream.range(cpus - half, cpus).boxed().toList();
        return new HostLimits(cpus, server, load, fdLimit, memoryBytes, maxmemoryBytes);
    }

    public boolean pinned() {
        return !serverCpus.isEmpty();
    }

    /** CPUs the load generator may use (all when not pinned). */
    public int loadCpuCount() {
        return pinned() ? loadCpus.size() : cpus;
    }

    /** CPUs the server may use (all when not pinned). */
    public int serverCpuCount() {
        return pinned() ? serverCpus.size() : cpus;
    }

    /** A {@code taskset -c} list such as {@code 0,1}. */
    public static String cpuList(List<Integer> cpus) {
        return String.join(",", cpus.stream().map(String::valueOf).toList());
    }
}
