package io.panamax.lab.matrix;

import io.panamax.lab.hardware.MachineProfile;
import io.panamax.lab.hardware.RowParams;
import io.panamax.lab.hardware.SeedRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a seed row into the rows run here: the keyspace correction, then client threads, connections,
 * request counts and memory scaled to the machine at hand. Every change is written down as a sentence in
 * {@link RowSpec#scaling()} so a report says exactly how it scaled.
 */
public final class ScalingRules {

    /** The key space used by the corrected row when the seed's {@code -r} overflows a C {@code int}. */
    public static final long CORRECTED_KEYSPACE = 100_000_000L;
    /** {@code --quick} divides request counts by this. */
    public static final int QUICK_DIVISOR = 20;
    /** File descriptors kept free for the process itself when sizing connection counts. */
    public static final int FD_RESERVE = 128;
    /** Rough per-key overhead (key, dict entry, object header) used to keep a row inside maxmemory. */
    public static final int KEY_OVERHEAD_BYTES = 96;
    /** {@code --quick} divides a timed row's duration by this ... */
    public static final int QUICK_DURATION_DIVISOR = 5;
    /** ... but keeps at least this many seconds per test. */
    public static final int QUICK_MIN_DURATION_S = 2;
    /**
     * {@code --quick} divides the keys a blob read test ({@code thrasher-read}) writes by this, so each of its
     * warm-up passes (PUT every key, GET rounds, DELETE every key) stays well under a second.
     */
    public static final int QUICK_READ_KEYS_DIVISOR = 10;

    private ScalingRules() {}

    /** Rows to run for one seed row: the literal one plus a corrected one when {@code -r} overflows. */
    public static List<RowSpec> expand(MachineProfile machine, SeedRow row, HostLimits host, boolean quick) {
        RowParams p = row.params();
        long keyspace = p.keyspace() == null ? 0 : p.keyspace();
        List<RowSpec> out = new ArrayList<>();
        if (keyspace > Integer.MAX_VALUE) {
            out.add(scale(machine, row, host, quick, true, keyspace));
            out.add(scale(machine, row, host, quick, false, CORRECTED_KEYSPACE));
        } else {
            out.add(scale(machine, row, host, quick, true, keyspace));
        }
        return out;
    }

    static RowSpec scale(
            MachineProfile machine, SeedRow row, HostLimits host, boolean quick, boolean literal, long keyspace) {
        RowParams p = row.params();
        List<String> notes = new ArrayList<>();
        long seedKeyspace = p.keyspace() == null ? 0 : p.keyspace();
        String id = row.id();
        String title = row.title();
        if (seedKeyspace > Integer.MAX_VALUE) {
            if (literal) {
                id += "-as-published";
                title += " [as published: -r " + seedKeyspace + " overflows redis-benchmark's 32-bit int]";
                notes.add("-r " + seedKeyspace + " kept as published; redis-benchmark parses it with atoi into a"
                        + " 32-bit int and writes a single key (see DBSIZE after SET)");
            } else {
                title += " [corrected -r " + keyspace + "]";
                notes.add("-r " + seedKeyspace + " corrected to -r " + keyspace + " so keys are really random");
            }
        }
        int pipeline = p.pipeline() == null ? 1 : p.pipeline();
        int dataSize = p.dataSize() == null ? 3 : p.dataSize();

        int seedThreads = p.threads() == null ? 1 : p.threads();
        int threads = Math.max(1, Math.min(seedThreads, host.loadCpuCount()));
        if (threads != seedThreads) {
            notes.add("client threads " + seedThreads + " -> " + threads + " (load generator has "
                    + host.loadCpuCount() + " CPU" + (host.loadCpuCount() == 1 ? "" : "s") + ")");
        }

        int seedClients = p.clients() == null ? 50 : p.clients();
        long fdRoom = Math.max(1, host.fdLimit() - FD_RESERVE);
        int clients = (int) Math.min(seedClients, fdRoom);
        if (clients != seedClients) {
            notes.add("connections " + seedClients + " -> " + clients + " (ulimit -n " + host.fdLimit() + " minus "
                    + FD_RESERVE + " reserved)");
        }

        int durationS = p.durationS() == null ? 0 : p.durationS();
        if (durationS > 0 && quick) {
            int before = durationS;
            durationS = Math.max(QUICK_MIN_DURATION_S, durationS / QUICK_DURATION_DIVISOR);
            notes.add("--quick: duration " + before + " s -> " + durationS + " s per test");
        }
        long seedRequests = p.requests() == null ? 100_000 : p.requests();
        long requests = seedRequests;
        if (durationS > 0) {
            // timed row: request counts and the memory cap do not apply (the tool runs for durationS)
        } else if (machine.threads() > 0 && host.cpus() < machine.threads()) {
            requests = Math.round(seedRequests * (double) host.cpus() / machine.threads());
            notes.add(String.format(Locale.ROOT, "requests %d -> %d (x %d/%d hardware threads of %s)",
                    seedRequests, requests, host.cpus(), machine.threads(), machine.id()));
        } else if (machine.threads() <= 0) {
            notes.add("requests " + seedRequests + " kept as published (" + machine.id() + " did not publish its"
                    + " hardware threads, so nothing to scale by)");
        }
        if (quick && durationS == 0) {
            long before = requests;
            long floor = Math.min(before, (long) clients * pipeline * 4);
            requests = Math.max(floor, before / QUICK_DIVISOR);
            notes.add("--quick: requests " + before + " -> " + requests + " (/" + QUICK_DIVISOR
                    + ", at least 4 batches per connection)");
        }
        boolean writes = p.tests() != null && p.tests().stream().anyMatch(t -> t.equals("set") || t.equals("mix"));
        if (writes && keyspace > 1 && durationS == 0) {
            long perKey = dataSize + KEY_OVERHEAD_BYTES;
            long cap = host.maxmemoryBytes() / 2 / perKey;
            if (Math.min(requests, keyspace) > cap) {
                notes.add("requests " + requests + " -> " + cap + " so at most " + cap + " keys x ~" + perKey
                        + " B stay under half of maxmemory " + host.maxmemoryBytes() + " B");
                requests = cap;
            }
        }
        double setRatio = p.setRatio() == null ? 0 : p.setRatio();
        int rate = p.rate() == null ? 0 : p.rate();
        String protocol = p.protocol() == null ? "resp" : p.protocol();
        boolean preload = Boolean.TRUE.equals(p.preload());
        if (quick && row.tool().equals("thrasher-read") && keyspace >= QUICK_READ_KEYS_DIVISOR) {
            long before = keyspace;
            keyspace = keyspace / QUICK_READ_KEYS_DIVISOR;
            notes.add("--quick: keys written " + before + " -> " + keyspace + " (/" + QUICK_READ_KEYS_DIVISOR
                    + ", so a warm-up pass of PUTs, GET rounds and DELETEs stays short; " + requests / keyspace
                    + " rounds of GETs)");
        }
        if (preload && quick && durationS == 0 && keyspace > requests) {
            notes.add("--quick: preloaded key space " + keyspace + " -> " + requests);
            keyspace = requests;
        }
        return new RowSpec(id, title, machine.id(), row.tool(), literal, pipeline, dataSize, threads,
                p.tests() == null ? List.of("set", "get") : p.tests(), requests, clients, keyspace, setRatio, rate,
                protocol, preload, notes, row, p.peerProtocol() == null ? protocol : p.peerProtocol(), durationS);
    }
}
