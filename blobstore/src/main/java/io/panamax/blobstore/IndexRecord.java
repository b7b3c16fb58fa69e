package io.panamax.blobstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One index entry: the value stored under a key in the master's index (the LSM store), in Go minikeyvalue's text
 * format so an index can be compared with or migrated from Go's LevelDB byte for byte.
 *
 * <pre>
 *   record   = [ "DELETED" ] [ "HASH" md5hex ] replica *( "," replica )
 *   md5hex   = 32 lower-case hex digits (MD5 of the whole value)
 *   replica  = host ":" port [ "/sv" 2*HEXDIG ]        ; as {@link Placement} returns it, no comma
 *
 *   e.g.  HASH5d41402abc4b2a76b9719d911017c592localhost:3001/sv07,localhost:3002/sv04,localhost:3005/sv01
 *         DELETEDlocalhost:3001/sv07                    ; unlinked, no hash
 * </pre>
 *
 * {@code DELETED} marks an unlinked (soft-deleted) key: its files may still be on the volumes, it is absent for GET
 * and listed by {@code ?unlinked}. Source: {@code specs/blobstore.md} and Go's {@code toRecord}/{@code fromRecord}.
 *
 * @param unlinked true when the record has the {@code DELETED} prefix
 * @param md5 32 lower-case hex chars, or null when the value's hash is not known ({@code --md5sum=false}, or an
 *     upload still in flight)
 * @param volumes the replicas holding (or about to hold) the value, at least one, in stored order
 */
public record IndexRecord(boolean unlinked, String md5, List<String> volumes) {
    static final String DELETED = "DELETED";
    static final String HASH = "HASH";
    static final int MD5_HEX_CHARS = 32;

    /** Validates; throws {@link IllegalArgumentException} naming the bad field. */
    public IndexRecord {
        if (md5 != null && !isMd5Hex(md5)) {
            throw new IllegalArgumentException("md5=\"" + md5 + "\" is not 32 lower-case hex digits");
        }
        if (volumes.isEmpty()) {
            throw new IllegalArgumentException("volumes: a record needs at least one replica");
        }
        for (String v : volumes) {
            if (v.isEmpty() || v.indexOf(',') >= 0) {
                throw new IllegalArgumentException("volume=\"" + v + "\" is empty or has a comma");
            }
        }
        volumes = List.copyOf(volumes);
    }

    /** A live record. */
    public static IndexRecord live(String md5, List<String> volumes) {
        return new IndexRecord(false, md5, volumes);
    }

    /** This record with the {@code DELETED} mark. */
    public IndexRecord asUnlinked() {
        return new IndexRecord(true, md5, volumes);
    }

    /** The stored bytes (US-ASCII/UTF-8 text). */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder(64);
        if (unlinked) {
            sb.append(DELETED);
        }
        if (md5 != null) {
            sb.append(HASH).append(md5);
        }
        sb.append(String.join(",", volumes));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses stored bytes.
     *
     * @throws IllegalArgumentException when the bytes are not a record: empty, a {@code HASH} without 32 hex digits
     *     after it, no replica, or an empty replica between commas; the message quotes the bytes
     */
    public static IndexRecord decode(byte[] stored) {
        String s = new String(stored, StandardCharsets.UTF_8);
        int at = 0;
        boolean unlinked = s.startsWith(DELETED);
        if (unlinked) {
            at += DELETED.length();
        }
        String md5 = null;
        if (s.startsWith(HASH, at)) {
            if (s.length() < at + HASH.length() + MD5_HEX_CHARS
                    || !isMd5Hex(s.substring(at + HASH.length(), at + HASH.length() + MD5_HEX_CHARS))) {
                throw new IllegalArgumentException("bad index record (HASH without 32 hex digits): \"" + s + "\"");
            }
            md5 = s.substring(at + HASH.length(), at + HASH.length() + MD5_HEX_CHARS);
            at += HASH.length() + MD5_HEX_CHARS;
        }
        List<String> volumes = new ArrayList<>();
        for (String v : s.substring(at).split(",", -1)) {
            if (v.isEmpty()) {
                throw new IllegalArgumentException("bad index record (empty replica): \"" + s + "\"");
            }
            volumes.add(v);
        }
        return new IndexRecord(unlinked, md5, volumes);
    }

    /** True when the stored replica list differs from {@code placement} (order counts, as Go's needsRebalance). */
    public boolean needsRebalance(List<String> placement) {
        return !volumes.equals(placement);
    }

    private static boolean isMd5Hex(String s) {
        if (s.length() != MD5_HEX_CHARS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
