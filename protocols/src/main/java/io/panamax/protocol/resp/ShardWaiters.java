package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_LIST;
import static io.panamax.protocol.resp.KeyspaceOps.TYPE_ZSET;

import io.netty.channel.EventLoop;
import io.panamax.engine.collection.QuickList;
import io.panamax.engine.collection.SortedSet;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The blocked clients of one shard and how this shard serves them: the {@link BlockedKeys} registry, the keyspace
 * hook that marks keys ready, and the pops (list end, sorted-set end, BLMOVE) done on this shard's own thread for a
 * waiter this shard has claimed. Ready keys are served right after the command that made them ready (see
 * {@link Shard#serveBlocked}), or, for writes that bypass the command paths, by a task queued on the loop.
 */
final class ShardWaiters implements BlockedKeys.KeyServer {
    private final Shard shard;
    private final EventLoop loop;
    private final BlockedKeys blocked;
    private boolean serveQueued;

    ShardWaiters(Shard shard, EventLoop loop) {
        this.shard = shard;
        this.loop = loop;
        this.blocked = new BlockedKeys(shard.index());
    }

    BlockedKeys blocked() {
        return blocked;
    }

    /** The keyspace's add hook. */
    void keyAdded(MemorySegment key, int type) {
        blocked.keyAdded(key, type);
        if (blocked.hasReady() && !serveQueued) {
            serveQueued = true;
            loop.execute(() -> {
                serveQueued = false;
                serveReady();
            });
        }
    }

    /** Serves waiters of keys made ready since the last call; cheap when none. */
    void serveReady() {
        if (blocked.hasReady()) {
            blocked.serveReady(this);
        }
    }

    @Override
    public int probe(byte[] key, Waiter w) {
        Keyspace ks = shard.keyspace();
        long ref = ks.lookup(MemorySegment.ofArray(key));
        if (ref < 0) {
            return BlockedKeys.EMPTY; // collections are deleted when emptied
        }
        return ks.type(ref) == w.pop.type() ? BlockedKeys.SERVABLE : BlockedKeys.WRONG_TYPE;
    }

    @Override
    public Object serve(Waiter w, byte[] key) {
        BlockingCommands.unregister(w, shard.index());
        Keyspace ks = shard.keyspace();
        MemorySegment k = MemorySegment.ofArray(key);
        Waiter.Pop pop = w.pop;
        if (pop.type() == TYPE_ZSET) {
            return popMember(ks, k, key, pop.first());
        }
        if (pop.destination() == null) {
            return Served.element(key, QuickList.pop(ks, k, pop.first()));
        }
        int dstShard = w.connection.shardOf(pop.destination());
        if (dstShard != shard.index()) {
            return new Served(key, QuickList.pop(ks, k, pop.first()), 0, null, dstShard);
        }
        return moveHere(ks, key, pop);
    }

    @Override
    public void served(Waiter w, Object result) {
        BlockingCommands.route(w, (Served) result, BlockingCommands.directHop(w));
    }

    /** BLMOVE with both keys on this shard: atomic, WRONGTYPE for a destination of another type (nothing popped). */
    private static Served moveHere(Keyspace ks, byte[] src, Waiter.Pop pop) {
        byte[] dst = pop.destination();
        MemorySegment d = MemorySegment.ofArray(dst);
        long dstRef = ks.lookup(d);
        if (dstRef >= 0 && ks.type(dstRef) != TYPE_LIST) {
            return Served.error(RespErrors.WRONGTYPE);
        }
        MemorySegment s = MemorySegment.ofArray(src);
        if (Arrays.equals(src, dst) && QuickList.length(ks, ks.lookup(s)) == 1) {
            byte[][] only = new byte[1][];
            QuickList.range(ks, ks.lookup(s), 0, 1, (seg, offset, len) -> {
                only[0] = new byte[len];
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, only[0], 0, len);
                return false;
            });
            return Served.element(src, only[0]);
        }
        byte[] element = QuickList.pop(ks, s, pop.first());
        if (QuickList.push(ks, d, TYPE_LIST, MemorySegment.ofArray(element), pop.toLeft()) == QuickList.OOM) {
            QuickList.push(ks, s, TYPE_LIST, MemorySegment.ofArray(element), pop.first()); // give it back
            return Served.error(RespErrors.OOM);
        }
        return Served.element(src, element);
    }

    private static Served popMember(Keyspace ks, MemorySegment k, byte[] key, boolean min) {
        long ref = ks.lookup(k);
        long count = SortedSet.count(ks, ref);
        byte[][] member = new byte[1][];
        double[] score = new double[1];
        SortedSet.range(ks, ref, min ? 0 : count - 1, 1, false, (seg, offset, len, s) -> {
            member[0] = new byte[len];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, member[0], 0, len);
            score[0] = s;
            return false;
        });
        SortedSet.remove(ks, k, MemorySegment.ofArray(member[0]));
        return Served.member(key, member[0], score[0]);
    }

    /**
     * Second phase of a cross-shard BLMOVE, on the destination shard: pushes {@code element}.
     *
     * @return null when pushed, else the encoded error (WRONGTYPE, OOM) and the element was not pushed
     */
    static byte[] pushOnDestination(Shard s, byte[] dst, byte[] element, boolean toLeft) {
        Keyspace ks = s.keyspace();
        MemorySegment d = MemorySegment.ofArray(dst);
        long ref = ks.lookup(d);
        if (ref >= 0 && ks.type(ref) != TYPE_LIST) {
            return RespErrors.WRONGTYPE;
        }
        return QuickList.push(ks, d, TYPE_LIST, MemorySegment.ofArray(element), toLeft) == QuickList.OOM
                ? RespErrors.OOM : null;
    }

    /** Puts back an element a cross-shard BLMOVE could not push, at the end it was popped from. */
    static boolean giveBack(Shard s, byte[] src, byte[] element, boolean fromLeft) {
        Keyspace ks = s.keyspace();
        MemorySegment k = MemorySegment.ofArray(src);
        long ref = ks.lookup(k);
        if (ref >= 0 && ks.type(ref) != TYPE_LIST) {
            return false;
        }
        return QuickList.push(ks, k, TYPE_LIST, MemorySegment.ofArray(element), fromLeft) != QuickList.OOM;
    }
}
