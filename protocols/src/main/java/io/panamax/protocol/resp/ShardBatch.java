package io.panamax.protocol.resp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every command of one read batch of one connection that belongs to one other shard: sent to that
 * shard as ONE task, executed there in order, and sent back as one task that fills the
 * connection's reply slots. Runs twice: first on the target shard, then on the origin loop.
 *
 * <p>Keyed commands' replies are encoded on the target into one buffer and handed back as slices,
 * so a batch costs one allocation and two queue hops however many commands it carries.
 */
final class ShardBatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardBatch.class);

    private final RespConnection origin;
    private final Shard target;
    private Object[] handlers = new Object[8];
    private Object[] arguments = new Object[8];
    private Object[] continuations = new Object[8];
    private ReplySlot[] slots = new ReplySlot[8];
    private byte[] protocols = new byte[8];
    private int[] ends = new int[8];
    private int[] keyIndexes = new int[8];
    private int count;
    private ByteBuf input;
    private ByteBuf replies;
    private boolean executed;

    ShardBatch(RespConnection origin, Shard target) {
        this.origin = origin;
        this.target = target;
    }

    /**
     * Adds a keyed command whose first key is argument {@code keyIndex}; {@code input} (its request buffer) is retained
     * until completion.
     */
    void addKeyed(KeyedHandler handler, RespCommand command, int keyIndex, ReplySlot slot, int protocol,
            ByteBuf inputBuffer) {
        if (inputBuffer != null && input != inputBuffer) {
            if (input != null) {
                throw new IllegalStateException("one batch spans one input buffer");
            }
            input = inputBuffer.retain();
        }
        add(handler, command, keyIndex, null, slot, protocol);
    }

    <T> void addTask(ReplySlot slot, Function<Shard, T> work, Consumer<T> then) {
        add(work, null, -1, then, slot, 0);
    }

    private void add(Object handler, Object argument, int keyIndex, Object then, ReplySlot slot, int protocol) {
        if (count == handlers.length) {
            int n = count * 2;
            handlers = Arrays.copyOf(handlers, n);
            arguments = Arrays.copyOf(arguments, n);
            continuations = Arrays.copyOf(continuations, n);
            slots = Arrays.copyOf(slots, n);
            protocols = Arrays.copyOf(protocols, n);
            ends = Arrays.copyOf(ends, n);
            keyIndexes = Arrays.copyOf(keyIndexes, n);
        }
        handlers[count] = handler;
        arguments[count] = argument;
        keyIndexes[count] = keyIndex;
        continuations[count] = then;
        slots[count] = slot;
        protocols[count] = (byte) protocol;
        count++;
    }

    @Override
    public void run() {
        if (!executed) {
            executeOnTarget();
        } else {
            completeOnOrigin();
        }
    }

    @SuppressWarnings("unchecked")
    private void executeOnTarget() {
        prefetchKeys();
        replies = origin.allocator().directBuffer(64 * count);
        Reply reply = new Reply();
        for (int i = 0; i < count; i++) {
            if (handlers[i] instanceof KeyedHandler keyed) {
                reply.target(replies, protocols[i]);
                RespConnection.executeKeyed(target, keyed, (RespCommand) arguments[i], reply);
                ends[i] = replies.writerIndex();
            } else {
                try {
                    arguments[i] = ((Function<Shard, Object>) handlers[i]).apply(target);
                    target.serveBlocked();
                } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                    target.errorsHandled++;
                    LOG.error("shard {} task failed", target.index(), e);
                    arguments[i] = FAILED;
                }
            }
        }
        executed = true;
        origin.server().shards().execute(origin.localShard(), this);
    }

    /** Lets the target's keyspace load the keyed commands' buckets and records side by side before they run. */
    private void prefetchKeys() {
        long[] hashes = target.prefetchHashes;
        int n = 0;
        for (int i = 0; i < count && n < hashes.length; i++) {
            if (handlers[i] instanceof KeyedHandler) {
                hashes[n++] = target.keyspace().hash(((RespCommand) arguments[i]).segment(keyIndexes[i]));
            }
        }
        if (n > 1) {
            target.keyspace().prefetch(hashes, n);
        }
    }

    @SuppressWarnings("unchecked")
    private void completeOnOrigin() {
        int start = 0;
        for (int i = 0; i < count; i++) {
            ReplySlot slot = slots[i];
            if (handlers[i] instanceof KeyedHandler) {
                slot.fill(replies.retainedSlice(start, ends[i] - start));
                start = ends[i];
            } else if (!slot.done) {
                if (arguments[i] == FAILED) {
                    slot.completeWithError("ERR internal error while executing the command; see the server log");
                } else {
                    ((Consumer<Object>) continuations[i]).accept(arguments[i]);
                }
            }
        }
        replies.release();
        if (input != null) {
            input.release();
        }
        origin.onBatchCompleted();
    }

    private static final Object FAILED = new Object();
}
