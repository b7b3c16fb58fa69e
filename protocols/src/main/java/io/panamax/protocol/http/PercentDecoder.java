package io.panamax.protocol.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding (RFC 3986 section 2.1) of a URI component into raw bytes, so keys are binary-safe: {@code %XX}
 * becomes the byte 0xXX, other characters (ISO-8859-1 as Netty decodes the request line) their byte. In a query component {@code +} is a space (HTML form
 * encoding, as {@code curl --data-urlencode} and browsers send it); in a path segment it stays {@code +}.
 */
final class PercentDecoder {
    private PercentDecoder() {}

    /**
     * Decodes {@code s[from, to)}.
     *
     * @param plusIsSpace true for query parameters, false for path segments
     * @return the bytes, or null when an escape is malformed ({@code %} not followed by two hex digits)
     */
    static byte[] decode(String s, int from, int to, boolean plusIsSpace) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c > 0xFF || (plusIsSpace && c == '+')) {
                plain = false;
                break;
            }
        }
        if (plain) {
            byte[] out = new byte[to - from];
            for (int i = from; i < to; i++) {
                out[i - from] = (byte) s.charAt(i);
            }
            return out;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
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
            } else if (c <= 0xFF) { // Netty reads the request line as ISO-8859-1: one char per raw byte
                out.write(c);
                i++;
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < to) {
                    end++;
                }
                out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return out.toByteArray();
    }
}
