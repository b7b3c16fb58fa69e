package io.panamax.protocol.http;

import io.netty.handler.codec.http.HttpMethod;

/**
 * A request line resolved to a route: {@code /keys/{key}} (one path segment, percent-decoded; {@code %2F} puts a slash
 * in a key), {@code /keys} and {@code /keys/} (listing, create), {@code /health}, {@code /metrics}. Methods a path does
 * not take give {@link RestRoute#BAD_METHOD} (400, as mkvss); every other path {@link RestRoute#NOT_FOUND}.
 *
 * @param route what to do
 * @param key the decoded key for the {@code /keys/{key}} routes, else null
 * @param prefix listing: only keys starting with these bytes (empty = all)
 * @param start listing: first key to consider (inclusive), or null
 * @param limit listing: at most this many keys
 * @param message for {@link RestRoute#BAD_PARAMETER}: the reply text
 */
record RestRequest(RestRoute route, byte[] key, byte[] prefix, byte[] start, int limit, String message) {
    /** Keys listed when the request gives no {@code limit}. */
    static final int DEFAULT_LIMIT = 100;
    /** Largest accepted {@code limit}. */
    static final int MAX_LIMIT = 10_000;

    private static final String KEYS = "/keys";

    static RestRequest of(RestRoute route) {
        return new RestRequest(route, null, null, null, 0, null);
    }

    static RestRequest badParameter(String message) {
        return new RestRequest(RestRoute.BAD_PARAMETER, null, null, null, 0, message);
    }

    /** Resolves {@code method} and the request-target {@code uri} (origin or absolute form). */
    static RestRequest parse(HttpMethod method, String uri) {
        int pathStart = 0;
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            int slash = uri.indexOf('/', uri.indexOf("//") + 2);
            if (slash < 0) {
                return of(RestRoute.NOT_FOUND);
            }
            pathStart = slash;
        }
        int pathEnd = uri.length();
        int query = uri.indexOf('?', pathStart);
        if (query >= 0) {
            pathEnd = query;
        }
        int fragment = uri.indexOf('#', pathStart);
        if (fragment >= 0 && fragment < pathEnd) {
            pathEnd = fragment;
        }
        int queryEnd = fragment > query ? fragment : uri.length();
        if (!uri.startsWith(KEYS, pathStart)) {
            return otherPath(method, uri.substring(pathStart, pathEnd));
        }
        int afterKeys = pathStart + KEYS.length();
        if (afterKeys == pathEnd) { // "/keys"
            if (method.equals(HttpMethod.GET)) {
                return listing(uri, query < 0 ? -1 : query + 1, queryEnd);
            }
            return of(method.equals(HttpMethod.POST) ? RestRoute.CREATE_KEY : RestRoute.BAD_METHOD);
        }
        if (uri.charAt(afterKeys) != '/') { // "/keysfoo"
            return of(RestRoute.NOT_FOUND);
        }
        int keyStart = afterKeys + 1;
        if (keyStart == pathEnd) { // "/keys/": mkvss accepts POST here
            return of(method.equals(HttpMethod.POST) ? RestRoute.CREATE_KEY : RestRoute.BAD_METHOD);
        }
        if (uri.indexOf('/', keyStart) >= 0 && uri.indexOf('/', keyStart) < pathEnd) {
            return of(RestRoute.NOT_FOUND); // "/keys/a/b": a slash in a key is sent as %2F
        }
        RestRoute route;
        if (method.equals(HttpMethod.GET)) {
            route = RestRoute.GET_KEY;
        } else if (method.equals(HttpMethod.HEAD)) {
            route = RestRoute.HEAD_KEY;
        } else if (method.equals(HttpMethod.PUT)) {
            route = RestRoute.PUT_KEY;
        } else if (method.equals(HttpMethod.DELETE)) {
            route = RestRoute.DELETE_KEY;
        } else {
            return of(RestRoute.BAD_METHOD);
        }
        byte[] key = PercentDecoder.decode(uri, keyStart, pathEnd, false);
        if (key == null) {
            return badParameter("Invalid key encoding");
        }
        return new RestRequest(route, key, null, null, 0, null);
    }

    private static RestRequest otherPath(HttpMethod method, String path) {
        if (path.equals("/health") || path.equals("/metrics")) {
            if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
                return of(RestRoute.BAD_METHOD);
            }
            return of(path.equals("/health") ? RestRoute.HEALTH : RestRoute.METRICS);
        }
        return of(RestRoute.NOT_FOUND);
    }

    /** {@code prefix}, {@code start} and {@code limit} from the query {@code uri[from, to)}; others are ignored. */
    private static RestRequest listing(String uri, int from, int to) {
        byte[] prefix = new byte[0];
        byte[] start = null;
        int limit = DEFAULT_LIMIT;
        int i = from;
        while (i >= 0 && i < to) {
            int amp = uri.indexOf('&', i);
            int end = amp < 0 || amp > to ? to : amp;
            int eq = uri.indexOf('=', i);
            int nameEnd = eq < 0 || eq > end ? end : eq;
            String name = uri.substring(i, nameEnd);
            byte[] value = nameEnd == end ? new byte[0] : PercentDecoder.decode(uri, nameEnd + 1, end, true);
            if (value == null) {
                return badParameter("Invalid " + name + " encoding");
            }
            switch (name) {
                case "prefix" -> prefix = value;
                case "start" -> start = value;
                case "limit" -> {
                    limit = parseLimit(value);
                    if (limit < 0) {
                        return badParameter("Invalid limit (1.." + MAX_LIMIT + ")");
                    }
                }
                default -> { }
            }
            i = end + 1;
        }
        return new RestRequest(RestRoute.LIST_KEYS, null, prefix, start, limit, null);
    }

    private static int parseLimit(byte[] digits) {
        if (digits.length == 0 || digits.length > 6) {
            return -1;
        }
        int n = 0;
        for (byte b : digits) {
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n >= 1 && n <= MAX_LIMIT ? n : -1;
    }
}
