package io.panamax.protocol.resp;

import io.panamax.transport.Cumulation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: decodes every complete request of a read at once, runs commands of the
 * local shard inline, sends the others to their shards as one {@link ShardBatch} per shard, and
 * writes replies back in request order with one flush per batch.
 *
 * <p>Replies are produced into {@code out} while nothing is outstanding; once a reply must wait
 * for another shard, later replies queue behind its {@link ReplySlot} in {@code pending}.
 */
final class RespConnection extends ChannelInboundHandlerAdapter implements RespSession {
    private static final Logger LOG = LoggerFactory.getLogger(RespConnection.class);

    private final RespServer server;
    private final CommandTable table;
    private final RespDecoder decoder;
    private final long clientId;
    private final long createdAtMs = System.currentTimeMillis();
    private final Reply reply = new Reply();
    private final ArrayDeque<Object> pending = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private EventLoop loop;
    private int localShard;
    private Shard local;
    private ShardBatch[] outgoing;
    private int outgoingCount;
    private ByteBuf cumulation;
    private ByteBuf out;
    private ReplySlot barrierSlot;
    /**
     * What {@link #prefetchLocalKeys} found for the first {@code batchKnown} requests of the input, by their order in
     * it: the command spec (null: unknown command) and the owning shard (-1: not a keyed command that runs), so the
     * decoding pass that dispatches them does not look up or hash them again.
     */
    private final CommandSpec[] batchSpecs = new CommandSpec[64];
    private final int[] batchShards = new int[64];
    private int batchKnown;
    /** {@link ShardBatch}es sent to other shards whose replies have not come back yet. */
    private int batchesInFlight;
    /** Replies written to the channel but not flushed: {@link #drain} holds the flush while batches are in flight. */
    private boolean unflushed;
    private boolean inBatch;
    private boolean closing;
    private boolean closed;
    private int protocol = 2;
    private String clientName = "";
    private long lastCommandAtMs = createdAtMs;
    /** The blocking command this connection waits in, or null; read by CLIENT UNBLOCK and INFO from other loops. */
    private volatile Waiter blockedOn;

    RespConnection(RespServer server, long clientId) {
        this.server = server;
        this.table = server.commands();
        this.decoder = new RespDecoder(server.limits());
        this.clientId = clientId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.loop = ctx.channel().eventLoop();
        this.localShard = server.shards().shardOf(loop);
        this.local = server.shards().state(localShard);
        this.outgoing = new ShardBatch[server.shards().shardCount()];
        server.clientOpened(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        closing = true;
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        if (out != null) {
            out.release();
            out = null;
        }
        releasePending();
        BlockingCommands.disconnected(this);
        server.clientClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (closing) {
            in.release();
            return;
        }
        cumulation = Cumulation.append(allocator(), cumulation, in);
        if (cumulation.readableBytes() > server.limits().maxQueryBufferBytes()) {
            protocolError("query buffer limit exceeded (client-query-buffer-limit)");
            return;
        }
        processInput();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // A client that does not read its replies stops being read from: bounded output buffering.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client id={} closed on error: {}", clientId, cause.toString());
        ctx.close();
    }

    private void processInput() {
        lastCommandAtMs = System.currentTimeMillis();
        batchKnown = 0;
        if (barrierSlot == null && !closing && cumulation != null) {
            prefetchLocalKeys();
        }
        inBatch = true;
        int ordinal = 0;
        try {
            while (barrierSlot == null && !closing && cumulation != null && cumulation.isReadable()) {
                RespCommand command;
                try {
                    command = decoder.decode(cumulation);
                } catch (RespProtocolException e) {
                    protocolError(e.getMessage());
                    break;
                }
                if (command == null) {
                    break;
                }
                if (command != RespDecoder.EMPTY) {
                    dispatch(command, ordinal < batchKnown ? ordinal : -1);
                }
                ordinal++;
            }
        } finally {
            inBatch = false;
            batchKnown = 0;
        }
        sendOutgoing();
        if (cumulation != null) {
            if (!cumulation.isReadable()) {
                cumulation.release();
                cumulation = null;
            } else if (cumulation.refCnt() == 1 && cumulation.readerIndex() > cumulation.capacity() / 2) {
                cumulation.discardReadBytes();
            }
        }
        drain();
    }

    /**
     * When the input holds more than one request: decodes ahead (the decoder keeps no state between requests, so the
     * reader index is simply put back) and lets the local keyspace load the buckets and records of the local keyed
     * commands side by side ({@link io.panamax.engine.keyspace.Keyspace#prefetch}), before they run one by one.
     * Framing errors are left to the decoding pass that follows.
     */
    private void prefetchLocalKeys() {
        ByteBuf in = cumulation;
        int mark = in.readerIndex();
        long[] prefetchHashes = local.prefetchHashes;
        int n = 0;
        int seen = 0;
        try {
            // At most 64 requests looked at, local or not: the rest of a long pipeline is not decoded twice.
            for (; seen < batchSpecs.length && in.isReadable() && in.getByte(in.readerIndex()) == '*'; seen++) {
                RespCommand c = decoder.decode(in);
                if (c == null || (n == 0 && !in.isReadable())) {
                    break; // incomplete, or a lone request: nothing to overlap
                }
                CommandSpec spec = c == RespDecoder.EMPTY ? null : table.lookup(c);
                batchSpecs[seen] = spec;
                batchShards[seen] = -1;
                if (spec == null || spec.kind() != CommandKind.KEYED || !spec.arityAccepts(c.argCount())
                        || spec.firstKey() >= c.argCount()) {
                    continue;
                }
                int k = spec.firstKey();
                int shard = server.shards().shardOfKey(c.buffer(), c.offset(k), c.length(k));
                batchShards[seen] = shard;
                if (shard == localShard && n < prefetchHashes.length) {
                    prefetchHashes[n++] = local.keyspace().hash(c.segment(k));
                }
            }
        } catch (RespProtocolException e) {
            // reported by the decoding pass
        } finally {
            in.readerIndex(mark);
        }
        batchKnown = seen;
        if (n > 1) {
            local.keyspace().prefetch(prefetchHashes, n);
        }
    }

    /** Runs or routes one request; {@code known} is its index in {@link #batchSpecs}, or -1. */
    private void dispatch(RespCommand command, int known) {
        CommandSpec spec = known >= 0 ? batchSpecs[known] : table.lookup(command);
        if (spec == null) {
            localReply().error(unknownCommand(command));
            return;
        }
        if (!spec.arityAccepts(command.argCount())) {
            localReply().error(RespErrors.wrongArity(spec.name()));
            return;
        }
        switch (spec.kind()) {
            case KEYED -> {
                int keyIndex = spec.firstKey();
                int shard = known >= 0 && batchShards[known] >= 0 ? batchShards[known]
                        : keyIndex >= command.argCount() ? localShard : server.shards().shardOfKey(
                                command.buffer(), command.offset(keyIndex), command.length(keyIndex));
                if (shard == localShard) {
                    executeKeyed(local, spec.keyed(), command, localReply());
                } else {
                    ReplySlot slot = newSlot();
                    batchFor(shard).addKeyed(spec.keyed(), command.detach(), keyIndex, slot, protocol,
                            command.buffer() == cumulation ? cumulation : null);
                }
            }
            case LOCAL -> {
                Reply r = localReply();
                int mark = r.buffer().writerIndex();
                try {
                    spec.local().execute(this, command, r);
                } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                    failed(e, r, mark);
                }
                local.commandsProcessed++;
            }
            case ASYNC -> {
                ReplySlot slot = newSlot();
                boolean barrier;
                try {
                    barrier = spec.async().start(this, command, slot);
                } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                    LOG.error("command {} failed", spec.name(), e);
                    if (!slot.done) {
                        slot.completeWithError("ERR internal error while executing the command; see the server log");
                    }
                    barrier = false;
                }
                local.commandsProcessed++;
                if (barrier && !slot.done) {
                    barrierSlot = slot;
                }
            }
        }
    }

    /** Runs a keyed command on {@code shard}; a failure becomes an error reply, never a dead shard. */
    static void executeKeyed(Shard shard, KeyedHandler handler, RespCommand command, Reply reply) {
        int mark = reply.buffer().writerIndex();
        try {
            handler.execute(shard, command, reply);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            shard.errorsHandled++;
            LOG.error("command {} failed on shard {}", command.argString(0), shard.index(), e);
            reply.buffer().writerIndex(mark);
            reply.raw(RespErrors.INTERNAL);
        }
        shard.commandsProcessed++;
        shard.serveBlocked();
    }

    private void failed(Throwable e, Reply r, int mark) {
        local.errorsHandled++;
        LOG.error("command failed on client id={}", clientId, e);
        r.buffer().writerIndex(mark);
        r.raw(RespErrors.INTERNAL);
    }

    private static String unknownCommand(RespCommand command) {
        StringBuilder sb = new StringBuilder("ERR unknown command '")
                .append(truncate(command.argString(0), 128))
                .append("', with args beginning with: ");
        for (int i = 1; i < command.argCount() && sb.length() < 256; i++) {
            sb.append('\'').append(truncate(command.argString(i), 128 - sb.length() / 2)).append("' ");
        }
        return sb.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= Math.max(max, 1) ? s : s.substring(0, Math.max(max, 1));
    }

    private void protocolError(String message) {
        closing = true;
        ByteBuf err = allocator().directBuffer(64);
        new Reply().target(err, protocol).error("ERR Protocol error: " + message);
        if (out != null && pending.isEmpty()) {
            pending.addLast(out);
            out = null;
        }
        pending.addLast(err);
        if (cumulation != null) {
            cumulation.skipBytes(cumulation.readableBytes());
        }
        drain();
    }

    /** A writer for the next reply that is produced right now, on this loop, in order. */
    private Reply localReply() {
        if (pending.isEmpty()) {
            if (out == null) {
                out = allocator().directBuffer(256);
            }
            return reply.target(out, protocol);
        }
        if (pending.peekLast() instanceof ByteBuf tail) {
            return reply.target(tail, protocol);
        }
        ByteBuf buf = allocator().directBuffer(256);
        pending.addLast(buf);
        return reply.target(buf, protocol);
    }

    private ReplySlot newSlot() {
        if (out != null) {
            pending.addLast(out);
            out = null;
        }
        ReplySlot slot = new ReplySlot(this);
        pending.addLast(slot);
        return slot;
    }

    private ShardBatch batchFor(int shard) {
        ShardBatch batch = outgoing[shard];
        if (batch == null) {
            batch = new ShardBatch(this, server.shards().state(shard));
            outgoing[shard] = batch;
            outgoingCount++;
        }
        return batch;
    }

    private void sendOutgoing() {
        if (outgoingCount == 0) {
            return;
        }
        for (int i = 0; i < outgoing.length; i++) {
            ShardBatch batch = outgoing[i];
            if (batch != null) {
                outgoing[i] = null;
                batchesInFlight++;
                server.shards().execute(i, batch);
            }
        }
        outgoingCount = 0;
    }

    /**
     * Writes every reply that is ready, in order, and flushes once, but not while replies of this connection are still
     * on their way back from other shards: those come back within the loops' next iterations, and flushing the replies
     * before them would split one pipelined batch's replies over two sends (twice the syscalls here, twice the reads
     * and wake-ups in the client). Scatter-gather work travels in the same batches, so it holds the flush too; a reply
     * that waits on anything else (a blocked BLPOP) does not hold back the replies before it.
     */
    private void drain() {
        if (closed) {
            releasePending();
            return;
        }
        boolean wrote = false;
        if (out != null) {
            if (out.isReadable()) {
                ctx.write(out, ctx.voidPromise());
                wrote = true;
            } else {
                out.release();
            }
            out = null;
        }
        while (!pending.isEmpty()) {
            Object head = pending.peekFirst();
            ByteBuf buf;
            if (head instanceof ReplySlot slot) {
                if (!slot.done) {
                    break;
                }
                buf = slot.content;
            } else {
                buf = (ByteBuf) head;
            }
            pending.pollFirst();
            if (buf.isReadable()) {
                ctx.write(buf, ctx.voidPromise());
                wrote = true;
            } else {
                buf.release();
            }
        }
        unflushed |= wrote;
        if (unflushed && (batchesInFlight == 0 || pending.isEmpty())) {
            unflushed = false;
            ctx.flush();
        }
        if (closing && pending.isEmpty()) {
            closed = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void releasePending() {
        for (Object o : pending) {
            if (o instanceof ByteBuf b) {
                b.release();
            } else if (o instanceof ReplySlot s && s.done && s.content != null) {
                s.content.release();
            }
        }
        pending.clear();
    }

    void onBatchCompleted() {
        batchesInFlight--;
        if (!inBatch) {
            drain();
        }
    }

    void onSlotCompleted(ReplySlot slot) {
        if (slot == barrierSlot) {
            barrierSlot = null;
            if (!inBatch) {
                drain();
                if (!closing) {
                    processInput();
                }
            }
            return;
        }
        if (!inBatch) {
            drain();
        }
    }

    ByteBufAllocator allocator() {
        return ctx != null ? ctx.alloc() : ByteBufAllocator.DEFAULT;
    }

    EventLoop loop() {
        return loop;
    }

    boolean isClosed() {
        return closed;
    }

    Waiter blockedOn() {
        return blockedOn;
    }

    void blockedOn(Waiter w) {
        blockedOn = w;
    }

    /** Clears the blocked state if it is still {@code w}'s (on the loop). */
    void unblocked(Waiter w) {
        if (blockedOn == w) {
            blockedOn = null;
        }
    }

    // ---- RespSession ----

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void protocol(int version) {
        this.protocol = version;
    }

    @Override
    public long clientId() {
        return clientId;
    }

    @Override
    public String clientName() {
        return clientName;
    }

    @Override
    public void clientName(String name) {
        this.clientName = name;
    }

    @Override
    public void closeAfterReplies() {
        closing = true;
    }

    @Override
    public RespServer server() {
        return server;
    }

    @Override
    public int localShard() {
        return localShard;
    }

    @Override
    public Shard localShardState() {
        return local;
    }

    @Override
    public <T> void onShard(ReplySlot slot, int shard, Function<Shard, T> work, Consumer<T> then) {
        if (shard == localShard) {
            T result;
            try {
                result = work.apply(local);
                local.serveBlocked();
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                local.errorsHandled++;
                LOG.error("shard {} task failed", localShard, e);
                if (!slot.done) {
                    slot.completeWithError("ERR internal error while executing the command; see the server log");
                }
                return;
            }
            if (!slot.done) {
                then.accept(result);
            }
            return;
        }
        batchFor(shard).addTask(slot, work, then);
        if (!inBatch) {
            sendOutgoing();
        }
    }

    @Override
    public int shardOf(byte[] key) {
        return server.shards().shardOfKey(key);
    }

    // ---- CLIENT LIST / INFO ----

    /** One line of {@code CLIENT LIST}, Redis's field names. */
    String describe() {
        SocketAddress remote = ctx == null ? null : ctx.channel().remoteAddress();
        SocketAddress localAddr = ctx == null ? null : ctx.channel().localAddress();
        long now = System.currentTimeMillis();
        return "id=" + clientId + " addr=" + strip(remote) + " laddr=" + strip(localAddr) + " fd=0 name=" + clientName
                + " age=" + (now - createdAtMs) / 1000 + " idle=" + (now - lastCommandAtMs) / 1000
                + " flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=" + (cumulation == null ? 0 : cumulation.readableBytes())
                + " qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=" + pending.size()
                + " omem=0 tot-mem=0 events=r cmd=NULL user=default redir=-1 resp=" + protocol
                + " shard=" + localShard;
    }

    private static String strip(SocketAddress a) {
        if (a == null) {
            return "";
        }
        String s = a.toString();
        return s.startsWith("/") ? s.substring(1) : s;
    }

    /** Closes the connection from any thread (CLIENT KILL, shutdown). */
    void kill() {
        if (ctx != null) {
            ctx.channel().close();
        }
    }
}
