package io.panamax.protocol.http;

import java.nio.charset.StandardCharsets;
import net.openhft.hashing.LongHashFunction;

/**
 * Layout of a REST value as stored in the LSM store: a small header carrying the value's {@code Content-Type} and its
 * ETag hash, then the body bytes exactly as received. Persisted, so frozen per {@link #VERSION}; integers are
 * little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |  MAGIC 'V'    |  VERSION 1    |  ETag hash (XXH3-64, LE) ...  |  0
 *  +---------------+---------------+-------------------------------+
 *  |  ... ETag hash                                                |  4
 *  +-------------------------------+---------------+---------------+
 *  |  ... ETag hash                | content type  | content type  |  8
 *  |                               | length n (u8) | bytes (ASCII) |
 *  +-------------------------------+---------------+---------------+
 *  |  ... n content type bytes, then the body to the end of value  | 11
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The hash covers everything after it (content type length, content type, body), so two values differing in either
 * have different ETags. n = 0 means no content type was given ({@code application/octet-stream} is returned).
 */
final class StoredValueDescriptor {
    /** First byte of every stored value. */
    static final byte MAGIC = 'V';
    /** Layout version written by this code. */
    static final byte VERSION = 1;
    /** Offset of the magic byte. */
    static final int MAGIC_OFFSET = 0;
    /** Offset of the version byte. */
    static final int VERSION_OFFSET = 1;
    /** Offset of the 8-byte ETag hash. */
    static final int HASH_OFFSET = 2;
    /** Offset of the content type length byte. */
    static final int CONTENT_TYPE_LENGTH_OFFSET = 10;
    /** Offset of the content type bytes. */
    static final int CONTENT_TYPE_OFFSET = 11;
    /** Longest content type that fits the length byte. */
    static final int MAX_CONTENT_TYPE_BYTES = 255;
    /** Header size without the content type. */
    static final int HEADER_LENGTH = CONTENT_TYPE_OFFSET;

    private static final LongHashFunction HASH = LongHashFunction.xx3();

    private StoredValueDescriptor() {}

    /**
     * Encodes {@code body} with {@code contentType} into a new stored value.
     *
     * @param contentType ASCII media type of at most {@link #MAX_CONTENT_TYPE_BYTES} bytes, or null
     * @param body source array; bytes {@code [offset, offset + length)} are copied
     */
    static byte[] encode(String contentType, byte[] body, int offset, int length) {
        byte[] type = contentType == null ? new byte[0] : contentType.getBytes(StandardCharsets.ISO_8859_1);
        if (type.length > MAX_CONTENT_TYPE_BYTES) {
            throw new IllegalArgumentException("contentTypeLength=" + type.length + " > " + MAX_CONTENT_TYPE_BYTES);
        }
        byte[] out = new byte[HEADER_LENGTH + type.length + length];
        out[MAGIC_OFFSET] = MAGIC;
        out[VERSION_OFFSET] = VERSION;
        out[CONTENT_TYPE_LENGTH_OFFSET] = (byte) type.length;
        System.arraycopy(type, 0, out, CONTENT_TYPE_OFFSET, type.length);
        System.arraycopy(body, offset, out, CONTENT_TYPE_OFFSET + type.length, length);
        long hash = HASH.hashBytes(out, CONTENT_TYPE_LENGTH_OFFSET, out.length - CONTENT_TYPE_LENGTH_OFFSET);
        for (int i = 0; i < 8; i++) {
            out[HASH_OFFSET + i] = (byte) (hash >>> (8 * i));
        }
        return out;
    }

    /** True when {@code stored} starts with a header this code can read. */
    static boolean isValid(byte[] stored) {
        return stored.length >= HEADER_LENGTH
                && stored[MAGIC_OFFSET] == MAGIC
                && stored[VERSION_OFFSET] == VERSION
                && stored.length >= CONTENT_TYPE_OFFSET + (stored[CONTENT_TYPE_LENGTH_OFFSET] & 0xFF);
    }

    /** The content type, or null when none was stored. */
    static String contentType(byte[] stored) {
        int n = stored[CONTENT_TYPE_LENGTH_OFFSET] & 0xFF;
        return n == 0 ? null : new String(stored, CONTENT_TYPE_OFFSET, n, StandardCharsets.ISO_8859_1);
    }

    /** Offset of the body. */
    static int bodyOffset(byte[] stored) {
        return CONTENT_TYPE_OFFSET + (stored[CONTENT_TYPE_LENGTH_OFFSET] & 0xFF);
    }

    /** The strong ETag of the value: the hash as 16 hex digits in double quotes. */
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    static String etag(byte[] stored) {
        long hash = 0;
        for (int i = 7; i >= 0; i--) {
            hash = (hash << 8) | (stored[HASH_OFFSET + i] & 0xFF);
        }
        return "\"" + HEX.toHexDigits(hash) + "\"";
    }
}
