package io.panamax.blobstore.volume;

/**
 * One byte range of a {@code Range: bytes=...} request header (RFC 9110 section 14.1.2) resolved against a file size.
 *
 * @param first offset of the first byte, inclusive
 * @param last offset of the last byte, inclusive ({@code last - first + 1} bytes)
 */
record ByteRange(long first, long last) {
    /** Sentinel: a syntactically valid range that no byte of the file satisfies (answer 416). */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    long length() {
        return last - first + 1;
    }

    /**
     * Resolves {@code header} against a file of {@code size} bytes.
     *
     * @return the range; {@link #UNSATISFIABLE}; or null when the header is absent, malformed or asks for several
     *     ranges — the whole file is then served with 200, as RFC 9110 allows a server to ignore Range
     */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        long first;
        long last;
        try {
            if (a.isEmpty()) { // suffix: the last N bytes
                if (b.isEmpty()) {
                    return null;
                }
                long n = parseDigits(b);
                if (n == 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new ByteRange(Math.max(0, size - n), size - 1);
            }
            first = parseDigits(a);
            last = b.isEmpty() ? size - 1 : parseDigits(b);
        } catch (NumberFormatException e) {
            return null;
        }
        if (!b.isEmpty() && last < first) {
            return null; // invalid spec: ignored
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new ByteRange(first, Math.min(last, size - 1));
    }

    private static long parseDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new NumberFormatException(s);
            }
        }
        return Long.parseLong(s);
    }
}
