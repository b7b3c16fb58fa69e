package io.panamax.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** Builders of the API's replies: {@code text/plain; charset=utf-8} bodies with {@code Content-Length}. */
final class HttpReplies {
    /** Content type of every text reply. */
    static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    /** Content type of the listing. */
    static final AsciiString JSON = AsciiString.cached("application/json");
    /** Content type of a value stored without one. */
    static final AsciiString OCTET_STREAM = AsciiString.cached("application/octet-stream");

    static final String KEY_NOT_FOUND = "Key not found";
    static final String INVALID_METHOD = "Invalid Method for Path";
    static final String ROUTE_NOT_FOUND = "404 Route Not Found (Did you mean /keys or /keys/{id}?)";
    static final String MISSING_BODY = "Missing request body";
    static final String INVALID_JSON = "Invalid JSON body";

    private HttpReplies() {}

    /** A text reply with {@code text} as its UTF-8 body. */
    static FullHttpResponse text(HttpResponseStatus status, String text) {
        return body(status, Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)), TEXT_PLAIN);
    }

    /** A reply with {@code content} as its body (ownership passes to the reply). */
    static FullHttpResponse body(HttpResponseStatus status, ByteBuf content, CharSequence contentType) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return r;
    }

    /** A reply without a body whose {@code Content-Length} says {@code length} (HEAD). */
    static FullHttpResponse headOnly(HttpResponseStatus status, long length, CharSequence contentType) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        return r;
    }

    /** The key as shown in reply texts: its bytes decoded as UTF-8 (invalid sequences become U+FFFD). */
    static String keyText(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
