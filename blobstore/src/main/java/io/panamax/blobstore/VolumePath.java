package io.panamax.blobstore;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The path of a key's file on a volume, bit-exact with Go minikeyvalue's {@code key2path}:
 * {@code /} + hex(MD5(key)[0]) + {@code /} + hex(MD5(key)[1]) + {@code /} + standard base64 (with padding) of the key.
 * For {@code hello}: {@code /5d/41/aGVsbG8=}. A replica string from {@link Placement} ({@code host:port/sv07}) plus
 * this path is the file's URL without the scheme.
 *
 * <p>Standard base64 may contain {@code /} (a 6-bit group of 63), which makes a deeper directory on the volume; that
 * is Go's layout and is kept for compatibility with existing volumes.
 */
public final class VolumePath {
    private static final HexFormat HEX = HexFormat.of();

    private VolumePath() {}

    /** The path of {@code key} (any bytes, not empty), starting with {@code /}. */
    public static String of(byte[] key) {
        MessageDigest md5 = Placement.Md5.newDigest();
        byte[] h = md5.digest(key);
        return "/" + HEX.toHexDigits(h[0]) + "/" + HEX.toHexDigits(h[1]) + "/" + Base64.getEncoder().encodeToString(key);
    }

    /** {@code http://} + replica + path: the URL of {@code key} on {@code replica} ({@code host:port[/svXX]}). */
    public static String url(String replica, byte[] key) {
        return "http://" + replica + of(key);
    }

    /** Lower-case hex of an MD5 digest (16 bytes → 32 chars), as stored in index records and Content-Md5. */
    public static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    /** A fresh MD5 digest. */
    public static MessageDigest md5() {
        return Placement.Md5.newDigest();
    }
}
