package io.panamax.lab.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import io.panamax.protocol.resp.RespCommand;
import io.panamax.protocol.resp.RespDecoder;
import io.panamax.protocol.resp.RespLimits;
import io.panamax.protocol.resp.RespProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one read batch of 16 pipelined requests ({@code SET key:000000000042 <64-byte value>} or
 * {@code GET key:000000000042}) from a direct {@link ByteBuf} of {@link ByteBufAllocator#DEFAULT} (the server's
 * allocator outside a channel), the reader index reset on every invocation. Scores are per command
 * ({@link OperationsPerInvocation} 16), so {@code gc.alloc.rate.norm} is bytes per command too.
 *
 * <ul>
 *   <li>{@code panamax}: {@link RespDecoder#decode} until it needs more bytes; each {@link RespCommand} goes to the
 *       blackhole, as the connection hands it to a shard.
 *   <li>{@code netty}: Netty's codec-redis, the maintained alternative: {@link RedisDecoder},
 *       {@link RedisBulkStringAggregator} and {@link RedisArrayAggregator} (the pipeline of Netty's Redis example) in
 *       an {@link EmbeddedChannel}; each aggregated array message goes to the blackhole and is released.
 * </ul>
 *
 * <p>Netty's leak detector is disabled in both so that a sampled buffer does not wrap every derived slice.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class RespDecoderBenchmark {
    /** Requests per read batch. */
    static final int BATCH = 16;

    @Param({"SET", "GET"})
    public String command;

    private ByteBuf batch;
    private RespDecoder decoder;
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        byte[] bytes = batchBytes(command);
        batch = ByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        batch.writeBytes(bytes);
        decoder = new RespDecoder(RespLimits.DEFAULTS);
        channel = new EmbeddedChannel(new RedisDecoder(), new RedisBulkStringAggregator(), new RedisArrayAggregator());
        checkBothDecodeTheBatch();
    }

    /** Both decoders must produce {@link #BATCH} commands from the batch, else the comparison is void. */
    private void checkBothDecodeTheBatch() {
        int panamax = 0;
        try {
            for (batch.readerIndex(0); decoder.decode(batch) != null; ) {
                panamax++;
            }
        } catch (RespProtocolException e) {
            throw new IllegalStateException("RespDecoder rejected the batch: command=" + command, e);
        }
        batch.readerIndex(0);
        channel.writeInbound(batch.retain());
        int netty = 0;
        for (Object m; (m = channel.readInbound()) != null; netty++) {
            ReferenceCountUtil.release(m);
        }
        if (panamax != BATCH || netty != BATCH) {
            throw new IllegalStateException("decoded commands: panamax=" + panamax + " netty=" + netty
                    + " expected=" + BATCH);
        }
    }

    /** Checks that every invocation returned the batch's reference count to its start (no leak, no early free). */
    @TearDown(Level.Iteration)
    public void checkRefCount() {
        if (batch.refCnt() != 1) {
            throw new IllegalStateException("batch reference count drifted: refCnt=" + batch.refCnt());
        }
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        batch.release();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void panamax(Blackhole bh) throws RespProtocolException {
        batch.readerIndex(0);
        RespCommand c;
        while ((c = decoder.decode(batch)) != null) {
            bh.consume(c);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void netty(Blackhole bh) {
        batch.readerIndex(0);
        channel.writeInbound(batch.retain()); // the decoder releases its cumulation, i.e. this buffer, once read
        Object m;
        while ((m = channel.readInbound()) != null) {
            bh.consume(m);
            ReferenceCountUtil.release(m);
        }
    }

    /** The RESP bytes of {@link #BATCH} pipelined {@code SET} or {@code GET} requests. */
    static byte[] batchBytes(String command) {
        String key = "key:000000000042";
        String one = switch (command) {
            case "SET" -> bulkArray("SET", key, new String(BenchmarkData.value(42), StandardCharsets.US_ASCII));
            case "GET" -> bulkArray("GET", key);
            default -> throw new IllegalArgumentException("command=" + command);
        };
        return one.repeat(BATCH).getBytes(StandardCharsets.US_ASCII);
    }

    private static String bulkArray(String... args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }
}
