package io.panamax.blobstore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding (RFC 3986 section 2.1) of URI components into raw bytes, so keys are binary-safe: {@code %XX} is
 * the byte 0xXX, any other char its byte (Netty reads the request line as ISO-8859-1, one char per byte; a char above
 * 0xFF is encoded as UTF-8). In a query {@code +} is a space (form encoding, as Go's {@code url.Query()} and
 * Python's {@code quote_plus} agree); in a path it stays {@code +}.
 */
public final class PercentCodec {
    private PercentCodec() {}

    /**
     * Decodes {@code s[from, to)}.
     *
     * @return the bytes, or null when an escape is malformed ({@code %} not followed by two hex digits)
     */
    public static byte[] decode(String s, int from, int to, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 3 > to) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write((hi << 4) | lo);
                i += 3;
            } else if (plusIsSpace && c == '+') {
                out.write(' ');
                i++;
            } else if (c <= 0xFF) {
                out.write(c);
                i++;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                i++;
            }
        }
        return out.toByteArray();
    }
}
