package io.panamax.blobstore.master;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.panamax.blobstore.VolumePath;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One PUT body streamed to all its replicas at once: each body chunk read from the client is written to every
 * replica connection as a retained slice of the same buffer (no copy) and fed to the MD5 digest, then released.
 * Backpressure: the client connection stops reading while any replica is not yet connected or its write buffer is
 * over the high-water mark, so the master holds at most about one high-water mark (1 MiB) per replica, whatever
 * the body's size, and never reads faster than the slowest replica accepts. The body goes out with the client's
 * framing ({@code Content-Length}, or chunked).
 *
 * <p>Succeeds when every replica answered 201 or 204 after the whole body; fails at the first replica that cannot
 * be reached, answers anything else, or drops the connection (the other replicas' connections are then closed, so
 * their partial uploads are discarded by the volume). Loop thread only.
 */
final class PutUpload {
    /** The result, reported once on the loop. */
    interface Outcome {
        /** @param md5Hex the MD5 of the whole body, or null when not computed ({@code --md5sum=false}) */
        void succeeded(String md5Hex, long bodyBytes);

        void failed(String reason);
    }

    /** Pauses and resumes reading from the client. */
    interface ReadControl {
        void uploadPaused(boolean paused);
    }

    private final EventLoop loop;
    private final VolumeClient client;
    private final byte[] key;
    private final long contentLength;
    private final MessageDigest md5;
    private final Outcome outcome;
    private final ReadControl readControl;
    private final Replica[] replicas;
    private long bodyBytes;
    private boolean bodyDone;
    private boolean finished;
    private int answered;

    /**
     * @param contentLength the client's {@code Content-Length}, or -1 for a chunked body
     * @param md5 a fresh digest, or null to skip hashing
     */
    PutUpload(EventLoop loop, VolumeClient client, byte[] key, List<String> placement, long contentLength,
            MessageDigest md5, ReadControl readControl, Outcome outcome) {
        this.loop = loop;
        this.client = client;
        this.key = key;
        this.contentLength = contentLength;
        this.md5 = md5;
        this.readControl = readControl;
        this.outcome = outcome;
        this.replicas = new Replica[placement.size()];
        for (int i = 0; i < replicas.length; i++) {
            replicas[i] = new Replica(placement.get(i));
        }
    }

    /** Opens the replica connections; reading from the client pauses until they are all up. */
    void start() {
        readControl.uploadPaused(true);
        for (Replica r : replicas) {
            client.acquire(loop, r.hostPort, (ch, cause, reused) -> r.attach(ch, cause));
        }
    }

    /** A chunk of the client's body ({@code last}: the end of it). The caller keeps ownership of {@code buf}. */
    void onContent(ByteBuf buf, boolean last) {
        if (finished) {
            return;
        }
        int n = buf.readableBytes();
        if (md5 != null && n > 0) {
            for (ByteBuffer b : buf.nioBuffers()) {
                md5.update(b);
            }
        }
        bodyBytes += n;
        for (Replica r : replicas) {
            HttpContent part = last ? new DefaultLastHttpContent(buf.retainedDuplicate())
                    : new DefaultHttpContent(buf.retainedDuplicate());
            r.send(part, last);
        }
        if (last) {
            bodyDone = true;
        }
        updateReading();
    }

    /** The client went away before the end of the body: drop the replica uploads. */
    void abort() {
        fail("the client closed the connection mid-body");
    }

    private void updateReading() {
        if (finished) {
            readControl.uploadPaused(false);
            return;
        }
        boolean pause = false;
        for (Replica r : replicas) {
            if (!r.done && (r.channel == null || !r.channel.isWritable())) {
                pause = true;
                break;
            }
        }
        readControl.uploadPaused(pause && !bodyDone);
    }

    private void fail(String reason) {
        if (finished) {
            return;
        }
        finished = true;
        for (Replica r : replicas) {
            r.drop();
        }
        readControl.uploadPaused(false);
        outcome.failed(reason);
    }

    private void answered() {
        answered++;
        if (answered == replicas.length && bodyDone && !finished) {
            finished = true;
            readControl.uploadPaused(false);
            outcome.succeeded(md5 == null ? null : VolumePath.hex(md5.digest()), bodyBytes);
        }
    }

    /** One replica's connection and the body parts that arrived before it was connected. */
    private final class Replica implements VolumeConnection.Listener {
        final String replica;
        final String hostPort;
        final String path;
        Channel channel;
        final ArrayDeque<HttpContent> early = new ArrayDeque<>();
        boolean sentLast;
        /** Answered successfully; the connection went back to the pool and is no longer ours. */
        boolean done;

        Replica(String replica) {
            this.replica = replica;
            this.hostPort = VolumeClient.hostPort(replica);
            this.path = VolumeClient.pathPrefix(replica) + VolumePath.of(key);
        }

        void attach(Channel ch, Throwable cause) {
            if (ch == null) {
                fail("replica " + replica + " cannot be reached: " + cause);
                return;
            }
            if (finished) {
                ch.close();
                return;
            }
            channel = ch;
            ch.pipeline().get(VolumeConnection.class).expect(this);
            HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, path);
            request.headers().set(HttpHeaderNames.HOST, hostPort);
            if (contentLength >= 0) {
                request.headers().set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
            } else {
                request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            ch.write(request);
            HttpContent part;
            while ((part = early.poll()) != null) {
                ch.write(part);
            }
            ch.flush();
            updateReading();
        }

        void send(HttpContent part, boolean last) {
            sentLast |= last;
            if (channel == null) {
                early.add(part);
            } else {
                channel.writeAndFlush(part);
            }
        }

        void drop() {
            HttpContent part;
            while ((part = early.poll()) != null) {
                ReferenceCountUtil.release(part);
            }
            if (channel != null && !done) {
                channel.close();
            }
        }

        @Override
        public void onResponse(int status, boolean keepAlive) {
            if ((status != 201 && status != 204) || !sentLast) {
                channel.close();
                fail("replica " + replica + " answered " + status + (sentLast ? "" : " before the end of the body"));
                return;
            }
            done = true;
            if (keepAlive) {
                client.release(loop, hostPort, channel);
            } else {
                channel.close();
            }
            answered();
        }

        @Override
        public void onFailure(Throwable cause) {
            fail("replica " + replica + " failed: " + cause.getMessage());
        }

        @Override
        public void onWritable() {
            updateReading();
        }
    }
}
