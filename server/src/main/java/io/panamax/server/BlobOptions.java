package io.panamax.server;

import io.panamax.blobstore.Placement;
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
