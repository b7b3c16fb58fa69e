package io.panamax.blobstore.volume;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One volume-server connection: serves requests strictly in order (every operation is synchronous on the loop, so
 * pipelined replies leave in request order), keeps the connection alive per HTTP/1.1.
 *
 * <ul>
 *   <li>{@code PUT /path}: body streamed to a temporary file, renamed over the target at the end; 201 new, 204
 *       overwrite; parent directories created; 409 when the target is a directory or a parent is a file.
 *       {@code Expect: 100-continue} is answered once the path is accepted.
 *   <li>{@code GET}/{@code HEAD}: 200 with {@code Content-Length}, the bytes sent zero-copy
 *       ({@link DefaultFileRegion}: sendfile/splice; up to {@link #INLINE_READ_BYTES} read into a buffer and written
 *       with the headers); {@code Range: bytes=a-b} gives 206 with {@code Content-Range},
 *       416 when unsatisfiable; a directory gives its JSON listing ({@link DirectoryListing}); 404 when missing.
 *   <li>{@code DELETE}: 204, or 404 when missing; 409 for a directory.
 *   <li>other methods 405; unsafe paths 400/403 ({@link VolumePaths}); unparsable requests 400/414/431, then close.
 * </ul>
 *
 * Reading pauses while the socket's write buffer is over its high-water mark (a slow reader of large files).
 */
final class VolumeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeHandler.class);
    private static final AsciiString OCTET_STREAM = AsciiString.cached("application/octet-stream");
    private static final AsciiString JSON = AsciiString.cached("application/json");
    private static final String ALLOW = "GET, HEAD, PUT, DELETE";
    /** Files (or ranges) up to this size are read into a buffer and sent with their headers in one write. */
    static final int INLINE_READ_BYTES = 64 * 1024;

    private final Path root;
    /** The PUT whose body is arriving, or null. */
    private PutSink upload;
    private boolean uploadKeepAlive;
    /** A reply with {@code Connection: close} was written: ignore everything after. */
    private boolean closing;

    VolumeHandler(Path root) {
        this.root = root;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof HttpRequest request) {
                onRequest(ctx, request);
            }
            if (msg instanceof HttpContent content) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            Throwable cause = request.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            replyAndClose(ctx, status);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean hasBody = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        VolumePaths.Resolved target = VolumePaths.resolve(root, request.uri());
        HttpMethod method = request.method();
        if (target.error() != null) {
            refuse(ctx, target.error(), keepAlive, hasBody && HttpUtil.is100ContinueExpected(request));
            return;
        }
        if (method.equals(HttpMethod.PUT)) {
            startPut(ctx, request, target, keepAlive);
            return;
        }
        FullHttpResponse simple;
        if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            read(ctx, request, target.file(), method.equals(HttpMethod.HEAD), keepAlive);
            return;
        } else if (method.equals(HttpMethod.DELETE)) {
            simple = delete(target.file());
        } else {
            simple = empty(HttpResponseStatus.METHOD_NOT_ALLOWED);
            simple.headers().set(HttpHeaderNames.ALLOW, ALLOW);
        }
        if (hasBody && HttpUtil.is100ContinueExpected(request)) {
            keepAlive = false; // the client may or may not send the body now: the connection cannot be reused
        }
        write(ctx, simple, keepAlive);
    }

    private void startPut(ChannelHandlerContext ctx, HttpRequest request, VolumePaths.Resolved target, boolean keepAlive) {
        boolean expectContinue = HttpUtil.is100ContinueExpected(request);
        if (target.directory() || Files.isDirectory(target.file())) {
            refuse(ctx, HttpResponseStatus.CONFLICT, keepAlive, expectContinue);
            return;
        }
        try {
            upload = PutSink.open(target.file());
        } catch (FileAlreadyExistsException e) { // a parent path is a file
            refuse(ctx, HttpResponseStatus.CONFLICT, keepAlive, expectContinue);
            return;
        } catch (IOException e) {
            LOG.warn("PUT {}: cannot create the file: {}", request.uri(), e.toString());
            refuse(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, keepAlive, expectContinue);
            return;
        }
        uploadKeepAlive = keepAlive;
        if (expectContinue) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (upload != null) {
            PutSink sink = upload;
            try {
                sink.write(content.content());
                if (last) {
                    upload = null;
                    boolean existed = sink.commit();
                    write(ctx, empty(existed ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.CREATED), uploadKeepAlive);
                }
            } catch (IOException e) {
                upload = null;
                sink.abort();
                LOG.warn("PUT failed while writing: {}", e.toString());
                if (last) {
                    write(ctx, empty(HttpResponseStatus.INTERNAL_SERVER_ERROR), uploadKeepAlive);
                } else {
                    replyAndClose(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR);
                }
            }
        } // else: the body of a request already answered (GET, DELETE, a refused PUT) is dropped
    }

    private void read(ChannelHandlerContext ctx, HttpRequest request, Path file, boolean head, boolean keepAlive) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            write(ctx, empty(HttpResponseStatus.NOT_FOUND), keepAlive);
            return;
        } catch (IOException e) {
            write(ctx, errorFor(e), keepAlive);
            return;
        }
        if (attrs.isDirectory()) {
            listing(ctx, file, head, keepAlive);
            return;
        }
        if (!attrs.isRegularFile()) {
            write(ctx, empty(HttpResponseStatus.FORBIDDEN), keepAlive);
            return;
        }
        FileChannel fc;
        long size;
        try {
            fc = FileChannel.open(file, StandardOpenOption.READ);
            size = fc.size();
        } catch (NoSuchFileException e) {
            write(ctx, empty(HttpResponseStatus.NOT_FOUND), keepAlive);
            return;
        } catch (IOException e) {
            write(ctx, errorFor(e), keepAlive);
            return;
        }
        ByteRange range = ByteRange.parse(request.headers().get(HttpHeaderNames.RANGE), size);
        if (range == ByteRange.UNSATISFIABLE) {
            closeQuietly(fc);
            FullHttpResponse r = empty(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
            r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            write(ctx, r, keepAlive);
            return;
        }
        long first = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                range == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, OCTET_STREAM);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        r.headers().set(HttpHeaderNames.LAST_MODIFIED, HttpDates.format(attrs.lastModifiedTime().toMillis()));
        r.headers().set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        if (range != null) {
            r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + size);
        }
        setConnection(r, keepAlive);
        if (!head && length > 0 && length <= INLINE_READ_BYTES) {
            // A small file goes out with its headers in one write: read it into a buffer instead of a sendfile or
            // splice of its own (minikeyvalue values are often a few bytes; nginx's sendfile_max_chunk idea reversed).
            ByteBuf body = ctx.alloc().ioBuffer((int) length);
            try {
                readFully(fc, body, first, (int) length);
            } catch (IOException e) {
                body.release();
                closeQuietly(fc);
                write(ctx, errorFor(e), keepAlive);
                return;
            }
            closeQuietly(fc);
            ctx.write(r);
            finish(ctx, ctx.write(new DefaultLastHttpContent(body)), keepAlive);
            return;
        }
        ctx.write(r);
        if (!head && length > 0) {
            ctx.write(new DefaultFileRegion(fc, first, length)); // closes fc when released
        } else {
            closeQuietly(fc);
        }
        finish(ctx, ctx.write(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
    }

    /** Reads {@code length} bytes at {@code position} of {@code fc} into {@code dst}; EOF before that is an error. */
    private static void readFully(FileChannel fc, ByteBuf dst, long position, int length) throws IOException {
        while (dst.writerIndex() < length) {
            int n = dst.writeBytes(fc, position + dst.writerIndex(), length - dst.writerIndex());
            if (n < 0) {
                throw new IOException("file shrank while being read: expected " + length + " bytes, got "
                        + dst.writerIndex());
            }
        }
    }

    private void listing(ChannelHandlerContext ctx, Path dir, boolean head, boolean keepAlive) {
        byte[] json;
        try {
            json = DirectoryListing.json(dir);
        } catch (IOException e) {
            write(ctx, errorFor(e), keepAlive);
            return;
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(json));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, json.length);
        write(ctx, r, keepAlive);
    }

    private static FullHttpResponse delete(Path file) {
        try {
            if (Files.isDirectory(file)) {
                return empty(HttpResponseStatus.CONFLICT);
            }
            return empty(Files.deleteIfExists(file) ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.NOT_FOUND);
        } catch (IOException e) {
            return errorFor(e);
        }
    }

    private static FullHttpResponse errorFor(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null && fse.getReason().contains("Not a directory")) {
            return empty(HttpResponseStatus.NOT_FOUND); // a path through a file: nothing is there
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return empty(HttpResponseStatus.FORBIDDEN);
        }
        LOG.warn("volume I/O failed: {}", e.toString());
        return empty(HttpResponseStatus.INTERNAL_SERVER_ERROR);
    }

    /** Answers a refused request; its body (if any) is skipped, or the connection closed if it may never come. */
    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, boolean keepAlive, boolean expectContinue) {
        write(ctx, empty(status), keepAlive && !expectContinue);
    }

    private void replyAndClose(ChannelHandlerContext ctx, HttpResponseStatus status) {
        write(ctx, empty(status), false);
    }

    private void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        setConnection(r, keepAlive);
        finish(ctx, ctx.write(r), keepAlive);
    }

    private void finish(ChannelHandlerContext ctx, ChannelFuture written, boolean keepAlive) {
        if (!keepAlive) {
            closing = true;
            ctx.flush();
            written.addListener(ChannelFutureListener.CLOSE);
            if (upload != null) {
                upload.abort();
                upload = null;
            }
        } else if (!ctx.channel().isWritable()) {
            ctx.flush();
            ctx.channel().config().setAutoRead(false); // resumed in channelWritabilityChanged
        }
    }

    private static void setConnection(HttpResponse r, boolean keepAlive) {
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }

    private static void closeQuietly(FileChannel fc) {
        try {
            fc.close();
        } catch (IOException ignored) {
            // read-only channel: nothing lost
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close(); // nothing read or written for the idle timeout
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (upload != null) { // the client went away mid-body: nothing becomes visible
            upload.abort();
            upload = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException) && !(cause instanceof TooLongFrameException)) {
            LOG.warn("volume connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
