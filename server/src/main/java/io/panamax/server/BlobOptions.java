package io.panamax.server;

import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.Placement;
import io.panamax.engine.lsm.FsyncPolicy;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The flags the blob master, rebuild and rebalance share (Go minikeyvalue's, as {@code specs/blobstore.md} lists). */
final class BlobOptions {
    @Option(names = "--volumes", required = true, description = "Volume servers, comma-separated host:port, in order.")
    String volumes;

    @Option(names = "--replicas", description = "Replicas per key (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int replicas;

    @Option(names = "--subvolumes", description = "Subvolumes (disks) per volume; 1 = none (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int subvolumes;

    @Option(names = {"--index", "--db"}, required = true, description = "Directory of the index (an LSM store).")
    Path index;

    @Option(names = "--md5sum", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Compute and store the MD5 of every value (default: ${DEFAULT-VALUE}).")
    boolean md5sum;

    @Option(names = "--voltimeout", defaultValue = "1s",
            description = "A volume must accept a connection and answer HEAD within this duration, e.g. 1s, 500ms (default: ${DEFAULT-VALUE}).")
    String volTimeout;

    /** @throws IllegalArgumentException naming the bad flag */
    Placement placement() {
        return new Placement(Placement.parseVolumeList(volumes), replicas, subvolumes);
    }

    long volTimeoutMs() {
        long ms = durationMs(volTimeout);
        if (ms <= 0) {
            throw new IllegalArgumentException("--voltimeout=" + volTimeout + " must be a positive duration such as 1s or 500ms");
        }
        return ms;
    }

    /**
     * What an offline tool (rebuild, rebalance) starts from: the checked flags and the opened index, or the exit
     * status when that failed (the reason already on stderr; {@code index} is then null).
     */
    record Offline(Placement placement, long volTimeoutMs, BlobIndex index, int exitCode) {}

    /**
     * Checks the flags and {@code workers} (exit 2 when one is bad) and opens the index with {@code fsync} (exit 1 when
     * it cannot be opened, typically because the master holds its lock).
     */
    Offline openOffline(int workers, FsyncPolicy fsync) {
        Placement placement;
        long timeoutMs;
        try {
            placement = placement();
            timeoutMs = volTimeoutMs();
            if (workers < 1) {
                throw new IllegalArgumentException("--workers=" + workers + " must be >= 1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("panamax: " + e.getMessage());
            return new Offline(null, 0, null, 2);
        }
        try {
            return new Offline(placement, timeoutMs, BlobIndex.open(index, fsync), 0);
        } catch (RuntimeException e) {
            System.err.println("panamax: cannot open the index in --index=" + index + " (is the master running?): "
                    + e.getMessage());
            return new Offline(null, 0, null, 1);
        }
    }

    /** A Go-style duration ({@code 1s}, {@code 500ms}, {@code 1.5s}, {@code 2m}) in milliseconds; -1 when invalid. */
    static long durationMs(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        int unitAt = 0;
        while (unitAt < t.length() && (Character.isDigit(t.charAt(unitAt)) || t.charAt(unitAt) == '.')) {
            unitAt++;
        }
        if (unitAt == 0) {
            return -1;
        }
        double n;
        try {
            n = Double.parseDouble(t.substring(0, unitAt));
        } catch (NumberFormatException e) {
            return -1;
        }
        double factor = switch (t.substring(unitAt)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "us", "µs" -> 0.001;
            case "ns" -> 0.000001;
            default -> -1;
        };
        return factor < 0 ? -1 : (long) Math.ceil(n * factor);
    }
}
