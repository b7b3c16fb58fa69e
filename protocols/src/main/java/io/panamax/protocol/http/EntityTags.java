package io.panamax.protocol.http;

/** {@code If-None-Match} evaluation (RFC 9110 section 13.1.2): weak comparison against a list of entity tags. */
final class EntityTags {
    private EntityTags() {}

    /**
     * True when the header value {@code ifNoneMatch} ({@code *} or a comma-separated list of tags, weak or strong)
     * matches {@code etag} (a quoted strong tag) by weak comparison.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        String h = ifNoneMatch.trim();
        if (h.equals("*")) {
            return true;
        }
        int i = 0;
        while (i < h.length()) {
            int comma = h.indexOf(',', i);
            int end = comma < 0 ? h.length() : comma;
            String tag = h.substring(i, end).trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
