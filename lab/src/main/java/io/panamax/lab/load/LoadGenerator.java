package io.panamax.lab.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

/**
 * The lab's own load generator: many connections over Netty (epoll when available, else NIO), closed loop or
 * open loop at a fixed rate, latency in HdrHistogram {@link Recorder}s (microseconds), optionally logged every
 * second to an {@code .hlog}. Usage: {@code new LoadGenerator(spec).run(hlogOrNull, progress)}.
 */
public final class LoadGenerator {

    /** Open-loop send tick. Requests due between ticks go out together, stamped with their intended times. */
    static final long TICK_US = 100;
    static final long HIGHEST_US = 3_600_000_000L;

    private final LoadSpec spec;

    public LoadGenerator(LoadSpec spec) {
        this.spec = spec;
    }

    /**
     * Connects, sends {@link LoadSpec#requests()} requests, waits for every reply (or {@code timeoutS}), and returns
     * one result per request kind seen (SET, GET) plus MIX when both were sent.
     *
     * @param hlog interval log to write, or null
     * @param progress called about once a second with the replies received so far, or null
     * @throws IOException when connecting fails or the log cannot be written
     */
    public List<LoadResult> run(Path hlog, LongConsumer progress, long timeoutS) throws IOException, InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(spec.threads(), factory);
        Recorder setRecorder = new Recorder(HIGHEST_US, 3);
        Recorder getRecorder = new Recorder(HIGHEST_US, 3);
        Histogram setTotal = new Histogram(HIGHEST_US, 3);
        Histogram getTotal = new Histogram(HIGHEST_US, 3);
        CountDownLatch done = new CountDownLatch(spec.connections());
        Workload workload = Workload.of(spec.protocol(), spec.dataSize());
        List<LoadConnectionHandler> handlers = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        try (PrintStream log = hlog == null ? null : new PrintStream(Files.newOutputStream(hlog))) {
            HistogramLogWriter writer = log == null ? null : new HistogramLogWriter(log);
            long perConnection = spec.requests() / spec.connections();
            long remainder = spec.requests() % spec.connections();
            long keyBase = 0;
            // Same key sequences every run unless -Dlab.load.seed=N: rounds that must not replay the previous round's
            // keys (eviction active: lab/scripts/cache-vs-redis-evict.sh) pass a different seed per round.
            long seedBase = Long.getLong("lab.load.seed", 0L);
            for (int c = 0; c < spec.connections(); c++) {
                long quota = perConnection + (c < remainder ? 1 : 0);
                LoadConnectionHandler h = new LoadConnectionHandler(
                        spec, workload, setRecorder, getRecorder, done, quota, keyBase,
                        connectionSeed(c) ^ seedBase * 0xD6E8FEB86659FD93L);
                keyBase += quota;
                handlers.add(h);
                channels.add(connect(group, epoll, h));
            }
            long startNs = System.nanoTime();
            long startMs = System.currentTimeMillis();
            if (writer != null) {
                writer.outputLogFormatVersion();
                writer.outputComment("panamax lab load generator: " + spec.describe() + ", latency unit: microseconds");
                writer.outputStartTime(startMs);
                writer.setBaseTime(startMs);
                writer.outputLegend();
            }
            start(handlers, channels, startNs);
            long deadlineNs = startNs + TimeUnit.SECONDS.toNanos(timeoutS);
            while (!done.await(1, TimeUnit.SECONDS) && System.nanoTime() < deadlineNs) {
                drain(setRecorder, setTotal, "SET", writer);
                drain(getRecorder, getTotal, "GET", writer);
                if (progress != null) {
                    progress.accept(setTotal.getTotalCount() + getTotal.getTotalCount());
                }
            }
            drain(setRecorder, setTotal, "SET", writer);
            drain(getRecorder, getTotal, "GET", writer);
            long endNs = handlers.stream().mapToLong(h -> h.lastReplyNs).max().orElse(startNs);
            long errors = handlers.stream().mapToLong(LoadConnectionHandler::errors).sum();
            for (Channel ch : channels) {
                ch.close();
            }
            return results(setTotal, getTotal, Math.max(1, endNs - startNs), errors);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private Channel connect(EventLoopGroup group, boolean epoll, LoadConnectionHandler handler) throws IOException {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handler);
                    }
                });
        try {
            return b.connect(spec.host(), spec.port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        } catch (RuntimeException e) {
            throw new IOException("connect failed host=" + spec.host() + " port=" + spec.port(), e);
        }
    }

    private void start(List<LoadConnectionHandler> handlers, List<Channel> channels, long startNs) {
        double intervalNs = spec.openLoop() ? 1e9 * spec.connections() / spec.rate() : 0;
        Map<EventLoop, List<LoadConnectionHandler>> byLoop = new IdentityHashMap<>();
        for (int i = 0; i < handlers.size(); i++) {
            LoadConnectionHandler h = handlers.get(i);
            EventLoop loop = channels.get(i).eventLoop();
            byLoop.computeIfAbsent(loop, l -> new ArrayList<>()).add(h);
            long offsetNs = (long) (intervalNs * i / handlers.size());
            loop.execute(() -> h.start(startNs, offsetNs, (long) intervalNs));
        }
        if (spec.openLoop()) {
            byLoop.forEach((loop, list) -> loop.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                for (LoadConnectionHandler h : list) {
                    h.tick(now);
                }
            }, TICK_US, TICK_US, TimeUnit.MICROSECONDS));
        }
    }

    private static void drain(Recorder recorder, Histogram total, String tag, HistogramLogWriter writer) {
        Histogram interval = recorder.getIntervalHistogram();
        if (interval.getTotalCount() == 0) {
            return;
        }
        total.add(interval);
        if (writer != null) {
            interval.setTag(tag);
            writer.outputIntervalHistogram(interval);
        }
    }

    private List<LoadResult> results(Histogram set, Histogram get, long elapsedNs, long errors) {
        List<LoadResult> out = new ArrayList<>();
        double seconds = elapsedNs / 1e9;
        if (set.getTotalCount() > 0 && get.getTotalCount() > 0) {
            Histogram mix = set.copy();
            mix.add(get);
            out.add(LoadResult.fromHistogram("MIX", mix, mix.getTotalCount() / seconds, errors));
        }
        if (set.getTotalCount() > 0) {
            out.add(LoadResult.fromHistogram("SET", set, set.getTotalCount() / seconds, errors));
        }
        if (get.getTotalCount() > 0) {
            out.add(LoadResult.fromHistogram("GET", get, get.getTotalCount() / seconds, errors));
        }
        return out;
    }

    /**
     * Random seed of connection {@code c}. Not a multiple of {@code SplittableRandom}'s own gamma
     * (0x9E3779B97F4A7C15): seeds {@code gamma * (c + 1)} made connection {@code c} replay connection 0's key
     * sequence shifted by {@code c} steps, so 100 connections drew ~1,400 distinct keys out of 100,000.
     */
    static long connectionSeed(int c) {
        return 0xBF58476D1CE4E5B9L * (c + 1) ^ 0x94D049BB133111EBL;
    }
}
