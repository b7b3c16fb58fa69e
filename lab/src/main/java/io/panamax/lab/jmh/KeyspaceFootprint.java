package io.panamax.lab.jmh;

import static io.panamax.lab.jmh.BenchmarkData.ENTRY_COUNT;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memory per entry of the structures in {@link KeyspaceBenchmark}, for 1,000,000 entries of 16-byte keys and 64-byte
 * values (80 payload bytes). Not a JMH metric: {@link JmhCommand} runs this {@code main} in a child JVM with the
 * JMH forks' flags (so the same collector and compressed-oops setting) and puts its output in the report.
 *
 * <p>Method. Keyspace: {@link io.panamax.engine.keyspace.Keyspace#usedMemoryBytes()} (record chunks plus hash table,
 * exact) and {@code reservedMemoryBytes()} (slab pages held from the OS) after loading and finishing growth, divided
 * by the entry count. Heap maps: used heap ({@code totalMemory - freeMemory}) after {@link #settle()} (three
 * {@link System#gc()} calls) before and after loading the map, divided by the entry count; the map is kept reachable
 * until after the second reading. An explicit-GC delta: accurate to about a region's worth of bytes, i.e. well under
 * 1 B per entry at this size, but it counts only what is reachable, which is all of the map here.
 */
public final class KeyspaceFootprint {

    private KeyspaceFootprint() {}

    public static void main(String[] args) {
        int n = ENTRY_COUNT;
        System.out.printf(Locale.ROOT, "entries=%d, key=%d B, value=%d B, payload=%d B/entry, gc=%s, UseCompressedOops=%s%n",
                n, BenchmarkData.KEY_BYTES, BenchmarkData.VALUE_BYTES,
                BenchmarkData.KEY_BYTES + BenchmarkData.VALUE_BYTES, collectors(), vmOption("UseCompressedOops"));
        try (KeyspaceFixture f = KeyspaceFixture.load(n)) {
            long used = f.keyspace.usedMemoryBytes();
            long reserved = f.keyspace.reservedMemoryBytes();
            System.out.printf(Locale.ROOT,
                    "Keyspace (off-heap): usedMemoryBytes/entry = %.1f B, reservedMemoryBytes/entry = %.1f B,"
                            + " buckets = %d%n",
                    (double) used / n, (double) reserved / n, f.keyspace.bucketCount());
        }
        heapMap("HashMap", new HashMap<>(), n);
        heapMap("ConcurrentHashMap", new ConcurrentHashMap<>(), n);
    }

    private static void heapMap(String name, Map<ByteArrayKey, byte[]> map, int n) {
        long before = settle();
        MapFixture.loadEntries(map, n);
        long after = settle();
        Reference.reachabilityFence(map);
        System.out.printf(Locale.ROOT, "%s (heap): used-heap delta/entry = %.1f B%n", name, (double) (after - before) / n);
    }

    /** Runs {@link System#gc()} three times and returns the used heap in bytes. */
    private static long settle() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static String vmOption(String name) {
        return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
    }

    private static String collectors() {
        StringBuilder sb = new StringBuilder();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sb.append(sb.isEmpty() ? "" : "+").append(gc.getName());
        }
        return sb.toString();
    }
}
