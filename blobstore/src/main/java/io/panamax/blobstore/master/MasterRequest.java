package io.panamax.blobstore.master;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.panamax.blobstore.PercentCodec;

/**
 * A request to the master, routed: method name, key and query.
 *
 * @param method the method name as sent ({@code GET}, {@code UNLINK}, …)
 * @param key the percent-decoded path, leading {@code /} included (Go's {@code r.URL.Path}), as raw bytes
 * @param rawPath the path as received (still encoded), for the fallback redirect
 * @param rawQuery what follows {@code ?}, or null when there is no query (an empty one counts as none, as in Go)
 * @param contentLength the body's {@code Content-Length}; -1 for a chunked body; 0 when there is no body
 * @param expectContinue the client waits for {@code 100 Continue} before sending the body
 */
record MasterRequest(
        String method, byte[] key, String rawPath, String rawQuery, long contentLength, boolean expectContinue,
        String range) {

    /**
     * Routes {@code r}.
     *
     * @return the request, or null when the target is not a path ({@code *}, junk) or has a bad {@code %} escape
     *     (answer 400)
     */
    static MasterRequest of(HttpRequest r) {
        String uri = r.uri();
        if (uri.startsWith("http://") || uri.startsWith("https://")) { // absolute-form: keep the path
            int slash = uri.indexOf('/', uri.indexOf("//") + 2);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            return null;
        }
        int q = uri.indexOf('?');
        int hash = uri.indexOf('#');
        int pathEnd = q >= 0 ? q : hash >= 0 ? hash : uri.length();
        String rawPath = uri.substring(0, pathEnd);
        String rawQuery = null;
        if (q >= 0) {
            int queryEnd = hash > q ? hash : uri.length();
            rawQuery = queryEnd > q + 1 ? uri.substring(q + 1, queryEnd) : null;
        }
        byte[] key = PercentCodec.decode(rawPath, 0, rawPath.length(), false);
        if (key == null) {
            return null;
        }
        long length = HttpUtil.isTransferEncodingChunked(r) ? -1 : HttpUtil.getContentLength(r, 0L);
        return new MasterRequest(r.method().name(), key, rawPath, rawQuery, length,
                HttpUtil.is100ContinueExpected(r), r.headers().get(HttpHeaderNames.RANGE));
    }
}
