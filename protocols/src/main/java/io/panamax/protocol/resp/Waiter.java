package io.panamax.protocol.resp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ScheduledFuture;

/**
 * One blocked command (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, BZPOPMAX) of one connection, registered in the
 * {@link BlockedKeys} of every shard that owns one of its keys.
 *
 * <p>Its fate is decided exactly once by a compare-and-set on {@link #state}: {@link #tryClaim} by the shard that
 * found data for it (before that shard pops anything, so an element is never popped for a waiter that has timed
 * out or gone), or {@link #tryCancel} by its timeout, its connection closing, {@code CLIENT UNBLOCK}, or a
 * WRONGTYPE found while registering. The loser of the race does nothing; the registrations left on other shards
 * are removed by tasks sent to them (and skipped meanwhile, as they are no longer {@link #waiting}).
 */
final class Waiter {
    static final int WAITING = 0;
    static final int CLAIMED = 1;
    static final int CANCELLED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the waiter pops: the list end or the sorted-set end, and for BLMOVE where it pushes. */
    record Pop(int type, boolean first, byte[] destination, boolean toLeft) {
        /** {@code first}: head of a list (BLPOP, LEFT) or lowest score (BZPOPMIN). */
        static Pop list(boolean left) {
            return new Pop(KeyspaceOps.TYPE_LIST, left, null, false);
        }

        static Pop zset(boolean min) {
            return new Pop(KeyspaceOps.TYPE_ZSET, min, null, false);
        }

        static Pop move(boolean fromLeft, byte[] destination, boolean toLeft) {
            return new Pop(KeyspaceOps.TYPE_LIST, fromLeft, destination, toLeft);
        }
    }

    final RespConnection connection;
    final ReplySlot slot;
    final Pop pop;
    /** Keys in argument order, and the shard owning each. */
    final byte[][] keys;
    final int[] keyShards;
    /** Each owning shard once, in order of first appearance among the keys. */
    final int[] shards;
    /** Tie-break for fairness tests and logs: the order in which waiters were created on the server. */
    final long sequence;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /** The timeout task; set and cancelled on the connection's loop only. */
    ScheduledFuture<?> timeout;

    Waiter(RespConnection connection, ReplySlot slot, Pop pop, byte[][] keys, int[] keyShards, long sequence) {
        this.connection = connection;
        this.slot = slot;
        this.pop = pop;
        this.keys = keys;
        this.keyShards = keyShards;
        this.sequence = sequence;
        int[] distinct = new int[keys.length];
        int n = 0;
        outer:
        for (int shard : keyShards) {
            for (int i = 0; i < n; i++) {
                if (distinct[i] == shard) {
                    continue outer;
                }
            }
            distinct[n++] = shard;
        }
        this.shards = java.util.Arrays.copyOf(distinct, n);
    }

    /** Whether nobody has claimed or cancelled it yet (a volatile read). */
    boolean waiting() {
        return state == WAITING;
    }

    /** Takes the waiter for serving; true exactly once across all shards and cancellers, then never again. */
    boolean tryClaim() {
        return STATE.compareAndSet(this, WAITING, CLAIMED);
    }

    /** Takes the waiter for a timeout/error reply; false if a shard claimed it (or it was cancelled) first. */
    boolean tryCancel() {
        return STATE.compareAndSet(this, WAITING, CANCELLED);
    }

    /** Whether {@code key} (by content) is one of this waiter's keys owned by {@code shard}. */
    boolean waitsOn(int shard, byte[] key) {
        for (int i = 0; i < keys.length; i++) {
            if (keyShards[i] == shard && java.util.Arrays.equals(keys[i], key)) {
                return true;
            }
        }
        return false;
    }
}
