package io.panamax.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Thread-per-core shards: N Netty event loops, each doing the I/O of the connections assigned to it
 * and owning one partition of the data, its per-shard state {@code S}. The state of shard i is
 * created on, and only ever touched from, the thread of loop i.
 *
 * <p>Keys map to shards by Redis Cluster hash slot ({@link HashSlot}) through a fixed table: slot s
 * belongs to shard {@code s * N / 16384}, contiguous ranges as {@code CLUSTER SLOTS} would show.
 *
 * @param <S> per-shard state (for the RESP server: the shard's keyspace and counters)
 */
public final class ShardGroup<S> {
    private final TransportKind transport;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop[] loops;
    private final List<S> states;
    private final short[] slotToShard = new short[HashSlot.SLOT_COUNT];
    private final ShardMailbox[] mailboxes;
    /** The mailbox of the shard whose loop is the current thread; null on other threads. */
    private final FastThreadLocal<ShardMailbox> currentMailbox = new FastThreadLocal<>();

    /**
     * Starts {@code shardCount} event loops on {@code transport} and creates each shard's state on
     * its own loop thread.
     *
     * @param shardCount number of shards, in [1, 1024]
     * @param stateFactory called once per shard, on that shard's thread
     * @throws IllegalArgumentException if shardCount is out of range
     * @throws IllegalStateException if a state factory fails (the loops are shut down first)
     */
    public ShardGroup(TransportKind transport, int shardCount, StateFactory<S> stateFactory) {
        if (shardCount < 1 || shardCount > 1024) {
            throw new IllegalArgumentException("shardCount=" + shardCount + " must be in [1, 1024]");
        }
        this.transport = transport;
        this.group = new MultiThreadIoEventLoopGroup(
                shardCount, new DefaultThreadFactory("panamax-shard", false), transport.ioHandlerFactory());
        this.loops = new EventLoop[shardCount];
        int i = 0;
        for (EventExecutor executor : group) {
            loops[i++] = (EventLoop) executor;
        }
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++) {
            slotToShard[slot] = (short) ((long) slot * shardCount / HashSlot.SLOT_COUNT);
        }
        this.mailboxes = new ShardMailbox[shardCount];
        for (int shard = 0; shard < shardCount; shard++) {
            mailboxes[shard] = new ShardMailbox(shard, loops);
        }
        List<S> created = new ArrayList<>(shardCount);
        try {
            for (int shard = 0; shard < shardCount; shard++) {
                final int index = shard;
                created.add(loops[shard].submit(() -> {
                    currentMailbox.set(mailboxes[index]);
                    return stateFactory.create(index, loops[index]);
                }).get());
            }
        } catch (InterruptedException | ExecutionException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("creating shard state failed: " + e.getCause(), e);
        }
        this.states = List.copyOf(created);
    }

    /** Creates the state of one shard, on that shard's loop thread. */
    @FunctionalInterface
    public interface StateFactory<S> {
        S create(int shardIndex, EventLoop loop);
    }

    public TransportKind transport() {
        return transport;
    }

    /** The event loop group, to be used as both parent and child group of the server bootstrap. */
    public MultiThreadIoEventLoopGroup eventLoopGroup() {
        return group;
    }

    public int shardCount() {
        return loops.length;
    }

    public EventLoop loop(int shard) {
        return loops[shard];
    }

    /** State of {@code shard}; only to be used on that shard's loop thread. */
    public S state(int shard) {
        return states.get(shard);
    }

    /**
     * Runs {@code task} on shard {@code target}'s loop thread. Called on a shard's loop, the task joins that loop's
     * other messages to {@code target} of the current event-loop iteration and travels with them as one task after
     * the iteration ({@link ShardMailbox}); tasks from one shard to another run in the order they were posted. Called
     * on any other thread, it is a plain task on the target's queue. Target may be the calling shard itself (the task
     * then runs in a later iteration). A task for a loop that has shut down is dropped: its connections are gone.
     *
     * @param target shard index in [0, shardCount)
     * @throws java.util.concurrent.RejectedExecutionException if called off the shards' loops and the target loop has
     *     shut down
     */
    public void execute(int target, Runnable task) {
        ShardMailbox mailbox = currentMailbox.get();
        if (mailbox != null) {
            mailbox.post(target, task);
        } else {
            loops[target].execute(task);
        }
    }

    /** Shard owning the key {@code [offset, offset + length)} of {@code buf}; with one shard, 0 without hashing. */
    public int shardOfKey(ByteBuf buf, int offset, int length) {
        return loops.length == 1 ? 0 : slotToShard[HashSlot.of(buf, offset, length)];
    }

    /** Shard owning {@code key}; with one shard, 0 without hashing. */
    public int shardOfKey(byte[] key) {
        return loops.length == 1 ? 0 : slotToShard[HashSlot.of(key)];
    }

    /** Shard owning hash slot {@code slot} (0..16383). */
    public int shardOfSlot(int slot) {
        return slotToShard[slot];
    }

    /**
     * Applies {@code action} to every shard's state on that shard's thread: at once for the shard of
     * the calling thread, as a task for the others, so work the caller sends to any shard afterwards
     * sees the change.
     */
    public void onEveryShard(Consumer<S> action) {
        for (int i = 0; i < loops.length; i++) {
            S state = states.get(i);
            if (loops[i].inEventLoop()) {
                action.accept(state);
            } else {
                execute(i, () -> action.accept(state));
            }
        }
    }

    /**
     * Binds a listening socket on these shards' loops (acceptor and connections alike), with the socket options every
     * Panamax protocol uses: backlog 4096, SO_REUSEADDR, TCP_NODELAY, keep-alive, and a write-buffer high-water mark
     * of 8 MiB that protocols use to stop reading from clients that do not read their replies.
     *
     * @param childHandler the per-connection handler or initializer
     * @return the listening channel (port 0 binds an ephemeral port)
     * @throws InterruptedException if interrupted while binding
     */
    public Channel listen(String bind, int port, ChannelHandler childHandler) throws InterruptedException {
        return new ServerBootstrap()
                .group(group, group)
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 8 << 20))
                .childHandler(childHandler)
                .bind(bind, port)
                .sync()
                .channel();
    }

    /** Index of {@code loop} in this group, or -1 if it is not one of the shards. */
    public int shardOf(EventLoop loop) {
        for (int i = 0; i < loops.length; i++) {
            if (loops[i] == loop) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Runs {@code closer} for every shard state on its own thread, then stops the loops, waiting
     * up to {@code timeoutMs} for each step.
     */
    public void shutdown(Consumer<S> closer, long timeoutMs) {
        for (int i = 0; i < loops.length; i++) {
            S state = states.get(i);
            try {
                loops[i].submit(() -> closer.accept(state)).get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // A shard that cannot close its state in time is still shut down below.
            }
        }
        group.shutdownGracefully(0, timeoutMs, TimeUnit.MILLISECONDS).awaitUninterruptibly(timeoutMs);
    }
}
