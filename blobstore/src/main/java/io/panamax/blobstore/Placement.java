package io.panamax.blobstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a key's replicas live: rendezvous (highest random weight) hashing over the ordered volume list, bit-exact
 * with Go minikeyvalue's {@code key2volume} ({@code specs/blobstore.md}, "Placement and layout").
 *
 * <p>For each volume {@code v}: {@code score = MD5(key ‖ v)}, compared as an unsigned 128-bit big-endian number;
 * volumes are sorted by score descending (stable, so ties keep the list order) and the first {@code replicas} are
 * the placement. With {@code subvolumes > 1} each chosen volume gets the suffix {@code /sv} + upper-case hex of
 * {@code (bytes 12..15 of its score as unsigned big-endian int) mod subvolumes}, at least two digits.
 *
 * <pre>{@code
 * Placement p = new Placement(List.of("localhost:3001", "localhost:3002", "localhost:3003"), 3, 10);
 * List<String> replicas = p.volumesFor(key);   // e.g. ["localhost:3001/sv07", "localhost:3003/sv04", ...]
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class Placement {
    private final List<String> volumes;
    private final byte[][] volumeBytes;
    private final int replicas;
    private final int subvolumes;

    /**
     * @param volumes the ordered volume list ({@code host:port}), as given to {@code --volumes}
     * @param replicas replicas per key, in [1, volumes.size()]
     * @param subvolumes subvolumes per volume, at least 1 (1 = no {@code /svXX} level)
     * @throws IllegalArgumentException when a count is out of range or a volume is empty, repeated or has a comma
     */
    public Placement(List<String> volumes, int replicas, int subvolumes) {
        if (volumes.isEmpty()) {
            throw new IllegalArgumentException("volumes: at least one volume is needed");
        }
        if (replicas < 1 || replicas > volumes.size()) {
            throw new IllegalArgumentException(
                    "replicas=" + replicas + " must be in [1, volumes=" + volumes.size() + "]");
        }
        if (subvolumes < 1) {
            throw new IllegalArgumentException("subvolumes=" + subvolumes + " must be >= 1");
        }
        for (int i = 0; i < volumes.size(); i++) {
            String v = volumes.get(i);
            if (v.isEmpty() || v.indexOf(',') >= 0 || volumes.indexOf(v) != i) {
                throw new IllegalArgumentException("volume=\"" + v + "\" is empty, has a comma or is repeated");
            }
        }
        this.volumes = List.copyOf(volumes);
        this.volumeBytes = new byte[volumes.size()][];
        for (int i = 0; i < volumes.size(); i++) {
            volumeBytes[i] = volumes.get(i).getBytes(StandardCharsets.UTF_8);
        }
        this.replicas = replicas;
        this.subvolumes = subvolumes;
    }

    /** Parses {@code --volumes}: comma-separated {@code host:port} entries (blanks around commas ignored). */
    public static List<String> parseVolumeList(String commaSeparated) {
        List<String> out = new ArrayList<>();
        for (String part : commaSeparated.split(",", -1)) {
            String v = part.strip();
            if (v.isEmpty()) {
                throw new IllegalArgumentException("volumes=\"" + commaSeparated + "\" has an empty entry");
            }
            out.add(v);
        }
        return out;
    }

    /** The ordered volume list ({@code host:port}), as given. */
    public List<String> volumes() {
        return volumes;
    }

    /** Replicas per key. */
    public int replicas() {
        return replicas;
    }

    /** Subvolumes per volume (1 = none). */
    public int subvolumes() {
        return subvolumes;
    }

    /**
     * The replicas of {@code key}, best first: {@code replicas} strings {@code host:port} or {@code host:port/svXX}.
     */
    public List<String> volumesFor(byte[] key) {
        MessageDigest md5 = Md5.newDigest();
        int n = volumes.size();
        byte[][] scores = new byte[n][];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            md5.update(key);
            md5.update(volumeBytes[i]);
            scores[i] = md5.digest();
            order[i] = i;
        }
        // Arrays.sort on objects is a stable merge sort, like Go's sort.Stable
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(scores[b], scores[a]));
        List<String> out = new ArrayList<>(replicas);
        for (int r = 0; r < replicas; r++) {
            int i = order[r];
            if (subvolumes == 1) {
                out.add(volumes.get(i));
            } else {
                byte[] s = scores[i];
                long word = ((s[12] & 0xFFL) << 24) | ((s[13] & 0xFFL) << 16) | ((s[14] & 0xFFL) << 8) | (s[15] & 0xFFL);
                out.add(volumes.get(i) + subvolumeSuffix(word % subvolumes));
            }
        }
        return out;
    }

    /** {@code /sv} + upper-case hex, at least two digits (Go's {@code %02X}). */
    static String subvolumeSuffix(long subvolume) {
        String hex = Long.toHexString(subvolume).toUpperCase(java.util.Locale.ROOT);
        return hex.length() < 2 ? "/sv0" + hex : "/sv" + hex;
    }

    /** Small helper so callers need not handle the impossible {@link NoSuchAlgorithmException}. */
    static final class Md5 {
        private Md5() {}

        static MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is required by every Java platform", e);
            }
        }
    }
}
