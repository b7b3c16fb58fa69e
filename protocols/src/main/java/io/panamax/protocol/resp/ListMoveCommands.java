package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_LIST;

import io.panamax.engine.collection.QuickList;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;

/**
 * LMOVE and RPOPLPUSH (Redis 7.0 t_list.c lmoveGenericCommand), whose two keys may live on different shards. With
 * both keys on one shard the move is atomic. Across shards it runs in phases (destination type check, pop on the
 * source shard, push on the destination shard) and is a barrier for its own connection; a concurrent client may
 * observe the element in neither list between the phases.
 */
final class ListMoveCommands {
    private static final int WRONG = -1;
    private static final int NONE = 0;

    private ListMoveCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.async("lmove", 5, "write denyoom", 1, 2, 1, "write list slow", ListMoveCommands::lmove));
        t.register(CommandSpec.async("rpoplpush", 3, "write denyoom", 1, 2, 1, "write list slow",
                (session, c, slot) -> move(session, c.argBytes(1), c.argBytes(2), false, true, slot)));
    }

    private static boolean lmove(RespSession session, RespCommand c, ReplySlot slot) {
        boolean fromLeft = c.argIs(3, "LEFT");
        boolean toLeft = c.argIs(4, "LEFT");
        if ((!fromLeft && !c.argIs(3, "RIGHT")) || (!toLeft && !c.argIs(4, "RIGHT"))) {
            slot.completeWithError("ERR syntax error");
            return false;
        }
        return move(session, c.argBytes(1), c.argBytes(2), fromLeft, toLeft, slot);
    }

    /** The outcome of the pop phase: an element, or a status. */
    private record Popped(byte[] element, int status) {}

    private static boolean move(RespSession session, byte[] src, byte[] dst, boolean fromLeft, boolean toLeft,
            ReplySlot slot) {
        int srcShard = session.shardOf(src);
        int dstShard = session.shardOf(dst);
        if (srcShard == dstShard) {
            session.onShard(slot, srcShard, s -> {
                Popped popped = pop(s, src, dstWrong(s, dst), fromLeft, java.util.Arrays.equals(src, dst), toLeft);
                return popped.element == null || java.util.Arrays.equals(src, dst) ? popped : push(s, dst, popped, toLeft);
            }, popped -> finish(slot, popped));
            return !slot.done;
        }
        session.onShard(slot, dstShard, s -> dstWrong(s, dst),
                wrong -> session.onShard(slot, srcShard, s -> pop(s, src, wrong, fromLeft, false, toLeft), popped -> {
                    if (popped.element == null) {
                        finish(slot, popped);
                        return;
                    }
                    session.onShard(slot, dstShard, s -> push(s, dst, popped, toLeft), pushed -> finish(slot, pushed));
                }));
        return !slot.done;
    }

    private static boolean dstWrong(Shard s, byte[] dst) {
        Keyspace ks = s.keyspace();
        long ref = ks.lookup(MemorySegment.ofArray(dst));
        return ref >= 0 && ks.type(ref) != TYPE_LIST;
    }

    private static Popped pop(Shard s, byte[] src, boolean dstWrong, boolean fromLeft, boolean sameKey, boolean toLeft) {
        Keyspace ks = s.keyspace();
        MemorySegment key = MemorySegment.ofArray(src);
        long ref = ks.lookup(key);
        if (ref < 0) {
            return new Popped(null, NONE);
        }
        if (ks.type(ref) != TYPE_LIST || dstWrong) {
            return new Popped(null, WRONG);
        }
        if (sameKey && QuickList.length(ks, ref) == 1) {
            // Rotating a one-element list changes nothing (and must not drop its TTL by emptying it).
            byte[][] only = new byte[1][];
            QuickList.range(ks, ref, 0, 1, (seg, offset, len) -> {
                only[0] = new byte[len];
                MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, only[0], 0, len);
                return false;
            });
            return new Popped(only[0], NONE);
        }
        byte[] element = QuickList.pop(ks, key, fromLeft);
        if (sameKey && QuickList.push(ks, key, TYPE_LIST, MemorySegment.ofArray(element), toLeft) == QuickList.OOM) {
            return new Popped(null, (int) QuickList.OOM);
        }
        return new Popped(element, NONE);
    }

    private static Popped push(Shard s, byte[] dst, Popped popped, boolean toLeft) {
        long length = QuickList.push(s.keyspace(), MemorySegment.ofArray(dst), TYPE_LIST,
                MemorySegment.ofArray(popped.element), toLeft);
        return length == QuickList.OOM ? new Popped(null, (int) QuickList.OOM) : popped;
    }

    private static void finish(ReplySlot slot, Popped popped) {
        Reply r = slot.reply();
        if (popped.element != null) {
            r.bulk(popped.element);
        } else if (popped.status == WRONG) {
            r.raw(RespErrors.WRONGTYPE);
        } else if (popped.status == QuickList.OOM) {
            r.raw(RespErrors.OOM);
        } else {
            r.nullBulk();
        }
        slot.complete();
    }
}
