package io.panamax.blobstore.volume;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Maps a request target to a file under the volume's root directory, never outside it.
 *
 * <p>Rules: origin-form only ({@code /…}; anything else is 400); the query is ignored; each segment is
 * percent-decoded on its own, so an encoded slash ({@code %2F}), a NUL, a bad escape or invalid UTF-8 is 400; a
 * segment starting with {@code .} ({@code .}, {@code ..}, hidden and temporary files) is 403; empty segments are
 * merged, as nginx does. The result is checked to stay under the root after normalisation.
 */
final class VolumePaths {
    private VolumePaths() {}

    /**
     * The outcome of {@link #resolve}.
     *
     * @param file the resolved path (null on error)
     * @param directory true when the target ends with {@code /} (or is the root)
     * @param error the status to answer when the target is refused, else null
     */
    record Resolved(Path file, boolean directory, HttpResponseStatus error) {
        static Resolved refuse(HttpResponseStatus status) {
            return new Resolved(null, false, status);
        }
    }

    static Resolved resolve(Path root, String uri) {
        int end = uri.length();
        int q = uri.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int hash = uri.indexOf('#');
        if (hash >= 0 && hash < end) {
            end = hash;
        }
        if (end == 0 || uri.charAt(0) != '/') {
            return Resolved.refuse(HttpResponseStatus.BAD_REQUEST);
        }
        Path p = root;
        int i = 1;
        while (i <= end) {
            int slash = uri.indexOf('/', i);
            int segEnd = slash < 0 || slash > end ? end : slash;
            if (segEnd > i) {
                String seg = decodeSegment(uri, i, segEnd);
                if (seg == null) {
                    return Resolved.refuse(HttpResponseStatus.BAD_REQUEST);
                }
                if (seg.startsWith(".")) {
                    return Resolved.refuse(HttpResponseStatus.FORBIDDEN);
                }
                try {
                    p = p.resolve(seg);
                } catch (InvalidPathException e) {
                    return Resolved.refuse(HttpResponseStatus.BAD_REQUEST);
                }
            }
            i = segEnd + 1;
        }
        Path normal = p.normalize();
        if (!normal.startsWith(root)) {
            return Resolved.refuse(HttpResponseStatus.FORBIDDEN);
        }
        boolean directory = uri.charAt(end - 1) == '/';
        return new Resolved(normal, directory, null);
    }

    /** Percent-decodes {@code s[from, to)} as UTF-8; null for a bad escape, {@code /}, NUL or invalid UTF-8. */
    static String decodeSegment(String s, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int b;
            if (c == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                b = (hi << 4) | lo;
                i += 2;
            } else if (c > 0xFF) {
                return null;
            } else {
                b = c;
            }
            if (b == '/' || b == 0) {
                return null;
            }
            out.write(b);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
