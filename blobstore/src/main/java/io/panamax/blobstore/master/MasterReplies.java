package io.panamax.blobstore.master;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Builders of the master's replies: empty bodies with {@code Content-Length: 0} (as Go writes them), JSON lists. */
final class MasterReplies {
    private MasterReplies() {}

    static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }

    static FullHttpResponse redirect(String location) {
        FullHttpResponse r = empty(HttpResponseStatus.FOUND);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        return r;
    }

    static FullHttpResponse json(byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }
}
