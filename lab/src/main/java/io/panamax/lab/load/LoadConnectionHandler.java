package io.panamax.lab.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Recorder;

/**
 * One load-generator connection. Closed loop: keeps {@code pipeline} requests in flight and records latency from
 * the real send time. Open loop: {@link #tick} sends every request whose intended start time has come, and
 * latency is recorded from the intended start (coordinated-omission correction), however late the send was.
 * All methods run on the channel's event loop.
 */
final class LoadConnectionHandler extends ChannelInboundHandlerAdapter {

    private final LoadSpec spec;
    private final Workload workload;
    private final ReplyScanner scanner;
    private final Recorder setRecorder;
    private final Recorder getRecorder;
    private final CountDownLatch done;
    private final long quota;
    private final long keyBase;
    private final SplittableRandom random;
    private final LongQueue starts = new LongQueue();
    private final LongQueue kinds = new LongQueue();

    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private long sent;
    private long received;
    private long nextIntendedNs;
    private long intervalNs;
    volatile long lastReplyNs;
    private boolean finished;

    LoadConnectionHandler(LoadSpec spec, Workload workload, Recorder setRecorder, Recorder getRecorder,
            CountDownLatch done, long quota, long keyBase, long seed) {
        this.spec = spec;
        this.workload = workload;
        this.scanner = workload.newScanner();
        this.setRecorder = setRecorder;
        this.getRecorder = getRecorder;
        this.done = done;
        this.quota = quota;
        this.keyBase = keyBase;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Starts sending: closed loop fills the pipeline; open loop sets the first intended start time. */
    void start(long startNs, long offsetNs, long intervalNs) {
        if (quota == 0) {
            finish();
            return;
        }
        if (spec.openLoop()) {
            this.intervalNs = intervalNs;
            this.nextIntendedNs = startNs + offsetNs;
        } else {
            sendBatch((int) Math.min(spec.pipeline(), quota));
        }
    }

    /** Open loop: sends every request due by now, stamped with its intended start. */
    void tick(long nowNs) {
        if (finished || sent >= quota || nextIntendedNs > nowNs) {
            return;
        }
        ByteBuf out = ctx.alloc().ioBuffer();
        while (sent < quota && nextIntendedNs <= nowNs) {
            encodeOne(out, nextIntendedNs);
            nextIntendedNs += intervalNs;
        }
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    boolean finished() {
        return finished;
    }

    long errors() {
        return scanner.errors();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (cumulation == null) {
            cumulation = in;
        } else {
            cumulation.writeBytes(in);
            in.release();
        }
        int replies = scanner.scan(cumulation);
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else {
            cumulation.discardSomeReadBytes();
        }
        if (replies == 0) {
            return;
        }
        long now = System.nanoTime();
        lastReplyNs = now;
        for (int i = 0; i < replies && starts.size() > 0; i++) {
            long latencyUs = Math.max(1, (now - starts.poll()) / 1000);
            (kinds.poll() == 1 ? setRecorder : getRecorder).recordValue(latencyUs);
        }
        received += replies;
        if (received >= quota) {
            finish();
        } else if (!spec.openLoop()) {
            sendBatch((int) Math.min(replies, quota - sent));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish();
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void sendBatch(int n) {
        if (n <= 0) {
            return;
        }
        ByteBuf out = ctx.alloc().ioBuffer();
        long now = System.nanoTime();
        for (int i = 0; i < n; i++) {
            encodeOne(out, now);
        }
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    private void encodeOne(ByteBuf out, long startNs) {
        boolean set = spec.setRatio() >= 1 || (spec.setRatio() > 0 && random.nextDouble() < spec.setRatio());
        long key;
        if (spec.sequentialKeys()) {
            key = keyBase + sent;
        } else {
            key = spec.keyspace() <= 1 ? 0 : random.nextLong(spec.keyspace());
        }
        workload.encode(out, set, key);
        starts.add(startNs);
        kinds.add(set ? 1 : 0);
        sent++;
    }

    private void finish() {
        if (!finished) {
            finished = true;
            done.countDown();
        }
    }
}
