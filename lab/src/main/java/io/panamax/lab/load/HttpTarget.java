package io.panamax.lab.load;

/**
 * An absolute {@code http://host:port/path} URL split for a request: the master's redirect {@code Location}
 * ({@code http://127.0.0.1:40123/sv07/60/08/L3dlaGF2ZQ==}) or the master's own URL plus a key.
 *
 * @param host host name or IPv4 address
 * @param port TCP port (80 when the URL names none)
 * @param path request target: path and query, at least {@code /}
 */
public record HttpTarget(String host, int port, String path) {

    /** {@code host:port}, the key of a session's connection and the {@code Host} header. */
    public String authority() {
        return host + ":" + port;
    }

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException when it is not {@code http://host[:port][/path]} (https, IPv6 literals and
     *     user info are not used by the blob store and are rejected), naming the URL
     */
    public static HttpTarget parse(String url) {
        if (url == null || !url.startsWith("http://")) {
            throw new IllegalArgumentException("not an absolute http:// URL: url=" + url);
        }
        int start = "http://".length();
        int slash = url.indexOf('/', start);
        String authority = slash < 0 ? url.substring(start) : url.substring(start, slash);
        String path = slash < 0 ? "/" : url.substring(slash);
        if (authority.isEmpty() || authority.contains("@") || authority.startsWith("[")) {
            throw new IllegalArgumentException("unsupported authority in url=" + url);
        }
        int colon = authority.lastIndexOf(':');
        if (colon < 0) {
            return new HttpTarget(authority, 80, path);
        }
        int port;
        try {
            port = Integer.parseInt(authority.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in url=" + url, e);
        }
        if (port < 1 || port > 65535 || colon == 0) {
            throw new IllegalArgumentException("bad host or port in url=" + url);
        }
        return new HttpTarget(authority.substring(0, colon), port, path);
    }
}
