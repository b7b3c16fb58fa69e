package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_SET;

import io.panamax.engine.collection.FieldMap;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Commands over several sets that may live on different shards: SINTER, SUNION, SDIFF, SINTERSTORE, SUNIONSTORE,
 * SDIFFSTORE, SINTERCARD, SMOVE (Redis 7.0 t_set.c semantics and error texts). The members of every source key are
 * copied from its shard (keys grouped by shard, one task per shard), combined on the connection's thread, and for the
 * STORE forms written to the destination's shard.
 *
 * <p>Atomicity: with every key on one shard (e.g. sharing a {hash tag}) SMOVE is atomic; the other commands read each
 * shard's keys atomically but the shards at different moments, and the STORE forms and cross-shard SMOVE write in a
 * later phase, so a concurrent client may interleave between phases. The STORE forms and SMOVE are barriers for their
 * own connection: its next command sees their full effect.
 */
final class SetAlgebraCommands {
    private static final int INTER = 0;
    private static final int UNION = 1;
    private static final int DIFF = 2;

    private SetAlgebraCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.async("sinter", -2, "readonly", 1, -1, 1, "read set slow", (s, c, slot) -> combine(s, c, slot, INTER, false)));
        t.register(CommandSpec.async("sunion", -2, "readonly", 1, -1, 1, "read set slow", (s, c, slot) -> combine(s, c, slot, UNION, false)));
        t.register(CommandSpec.async("sdiff", -2, "readonly", 1, -1, 1, "read set slow", (s, c, slot) -> combine(s, c, slot, DIFF, false)));
        t.register(CommandSpec.async("sinterstore", -3, "write denyoom", 1, -1, 1, "write set slow", (s, c, slot) -> combine(s, c, slot, INTER, true)));
        t.register(CommandSpec.async("sunionstore", -3, "write denyoom", 1, -1, 1, "write set slow", (s, c, slot) -> combine(s, c, slot, UNION, true)));
        t.register(CommandSpec.async("sdiffstore", -3, "write denyoom", 1, -1, 1, "write set slow", (s, c, slot) -> combine(s, c, slot, DIFF, true)));
        t.register(CommandSpec.async("sintercard", -3, "readonly", 0, 0, 0, "read set slow", SetAlgebraCommands::sintercard));
        t.register(CommandSpec.async("smove", 4, "write fast", 1, 2, 1, "write set fast", SetAlgebraCommands::smove));
    }

    /** The members of one key: {@code wrongType}, or null members for a missing key. */
    private record Fetched(boolean wrongType, List<byte[]> members) {}

    /** Fetches the members of {@code keys} from their shards, then calls {@code done} with them in key order. */
    private static void fetch(RespSession session, ReplySlot slot, List<byte[]> keys, Consumer<Fetched[]> done) {
        Fetched[] out = new Fetched[keys.size()];
        List<List<Integer>> byShard = new ArrayList<>();
        for (int i = 0; i < session.server().shards().shardCount(); i++) {
            byShard.add(new ArrayList<>());
        }
        for (int i = 0; i < keys.size(); i++) {
            byShard.get(session.shardOf(keys.get(i))).add(i);
        }
        int[] remaining = {(int) byShard.stream().filter(l -> !l.isEmpty()).count()};
        for (int shard = 0; shard < byShard.size(); shard++) {
            List<Integer> positions = byShard.get(shard);
            if (positions.isEmpty()) {
                continue;
            }
            session.onShard(slot, shard, s -> {
                Fetched[] part = new Fetched[positions.size()];
                for (int i = 0; i < part.length; i++) {
                    part[i] = read(s, keys.get(positions.get(i)));
                }
                return part;
            }, part -> {
                for (int i = 0; i < part.length; i++) {
                    out[positions.get(i)] = part[i];
                }
                if (--remaining[0] == 0) {
                    done.accept(out);
                }
            });
        }
    }

    private static Fetched read(Shard s, byte[] key) {
        Keyspace ks = s.keyspace();
        long ref = ks.lookup(MemorySegment.ofArray(key));
        s.countLookup(ref >= 0);
        if (ref < 0) {
            return new Fetched(false, null);
        }
        if (ks.type(ref) != TYPE_SET) {
            return new Fetched(true, null);
        }
        List<byte[]> members = new ArrayList<>(FieldMap.count(ks, ref));
        FieldMap.forEach(ks, ref, e -> members.add(e.field()));
        return new Fetched(false, members);
    }

    private static boolean combine(RespSession session, RespCommand c, ReplySlot slot, int op, boolean store) {
        int first = store ? 2 : 1;
        byte[] destination = store ? c.argBytes(1) : null;
        List<byte[]> keys = new ArrayList<>();
        for (int i = first; i < c.argCount(); i++) {
            keys.add(c.argBytes(i));
        }
        fetch(session, slot, keys, fetched -> {
            for (Fetched f : fetched) {
                if (f.wrongType) {
                    slot.reply().raw(RespErrors.WRONGTYPE);
                    slot.complete();
                    return;
                }
            }
            Set<ByteBuffer> result = compute(fetched, op);
            if (!store) {
                Reply r = slot.reply();
                r.set(result.size());
                for (ByteBuffer m : result) {
                    r.bulk(m.array());
                }
                slot.complete();
                return;
            }
            session.onShard(slot, session.shardOf(destination), s -> storeSet(s, destination, result), ok -> {
                if (ok) {
                    slot.reply().integer(result.size());
                } else {
                    slot.reply().raw(RespErrors.OOM);
                }
                slot.complete();
            });
        });
        return store && !slot.done;
    }

    private static Set<ByteBuffer> compute(Fetched[] fetched, int op) {
        Set<ByteBuffer> result = new LinkedHashSet<>();
        if (op == UNION) {
            for (Fetched f : fetched) {
                addAll(result, f.members);
            }
            return result;
        }
        if (fetched[0].members == null) {
            return result;
        }
        addAll(result, fetched[0].members);
        for (int i = 1; i < fetched.length && !result.isEmpty(); i++) {
            Set<ByteBuffer> other = new LinkedHashSet<>();
            addAll(other, fetched[i].members);
            if (op == INTER) {
                result.retainAll(other);
            } else {
                result.removeAll(other);
            }
        }
        return result;
    }

    private static void addAll(Set<ByteBuffer> into, List<byte[]> members) {
        if (members != null) {
            for (byte[] m : members) {
                into.add(ByteBuffer.wrap(m));
            }
        }
    }

    /** Replaces {@code key} with a set of {@code members} (deletes it when empty); false on OOM. */
    private static boolean storeSet(Shard s, byte[] key, Set<ByteBuffer> members) {
        Keyspace ks = s.keyspace();
        MemorySegment k = MemorySegment.ofArray(key);
        ks.delete(k);
        for (ByteBuffer m : members) {
            if (FieldMap.put(ks, k, TYPE_SET, MemorySegment.ofArray(m.array()), SetCommands.EMPTY, true) == FieldMap.OOM) {
                ks.delete(k);
                return false;
            }
        }
        return true;
    }

    private static boolean sintercard(RespSession session, RespCommand c, ReplySlot slot) {
        if (!c.isLong(1) || c.argLong(1) <= 0) {
            slot.completeWithError("ERR numkeys should be greater than 0");
            return false;
        }
        long numKeys = c.argLong(1);
        if (numKeys > c.argCount() - 2) {
            slot.completeWithError("ERR Number of keys can't be greater than number of args");
            return false;
        }
        long limit = 0;
        for (int i = 2 + (int) numKeys; i < c.argCount(); i += 2) {
            if (c.argIs(i, "LIMIT") && i + 1 < c.argCount()) {
                if (!c.isLong(i + 1)) {
                    slot.completeWithError("ERR value is not an integer or out of range");
                    return false;
                }
                limit = c.argLong(i + 1);
                if (limit < 0) {
                    slot.completeWithError("ERR LIMIT can't be negative");
                    return false;
                }
            } else {
                slot.completeWithError("ERR syntax error");
                return false;
            }
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = 2; i < 2 + numKeys; i++) {
            keys.add(c.argBytes(i));
        }
        long max = limit == 0 ? Long.MAX_VALUE : limit;
        fetch(session, slot, keys, fetched -> {
            for (Fetched f : fetched) {
                if (f.wrongType) {
                    slot.reply().raw(RespErrors.WRONGTYPE);
                    slot.complete();
                    return;
                }
            }
            slot.reply().integer(Math.min(max, compute(fetched, INTER).size()));
            slot.complete();
        });
        return false;
    }

    private static final int MOVED = 1;
    private static final int NOT_MOVED = 0;
    private static final int WRONG = -1;
    private static final int OOM = -2;
    /** SMOVE with source == destination and the member present: nothing moves, the reply is 1. */
    private static final int SAME_KEY_MEMBER = -3;

    private static boolean smove(RespSession session, RespCommand c, ReplySlot slot) {
        byte[] src = c.argBytes(1);
        byte[] dst = c.argBytes(2);
        byte[] member = c.argBytes(3);
        int srcShard = session.shardOf(src);
        int dstShard = session.shardOf(dst);
        if (srcShard == dstShard) {
            session.onShard(slot, srcShard, s -> {
                Keyspace ks = s.keyspace();
                long d = ks.lookup(MemorySegment.ofArray(dst));
                int taken = take(s, src, member, d >= 0 && ks.type(d) != TYPE_SET, java.util.Arrays.equals(src, dst));
                return taken == MOVED ? add(s, dst, member) : taken;
            }, result -> finishMove(slot, result));
            return !slot.done;
        }
        // Phase 1: is the destination a set (or missing)? Phase 2: remove from the source. Phase 3: add.
        session.onShard(slot, dstShard, s -> {
            Keyspace ks = s.keyspace();
            long d = ks.lookup(MemorySegment.ofArray(dst));
            return d >= 0 && ks.type(d) != TYPE_SET;
        }, dstWrong -> session.onShard(slot, srcShard, s -> take(s, src, member, dstWrong, false), taken -> {
            if (taken != MOVED) {
                finishMove(slot, taken);
                return;
            }
            session.onShard(slot, dstShard, s -> add(s, dst, member), result -> finishMove(slot, result));
        }));
        return !slot.done;
    }

    /** Removes {@code member} from the source set, in Redis's order of checks. */
    private static int take(Shard s, byte[] src, byte[] member, boolean dstWrong, boolean sameKey) {
        Keyspace ks = s.keyspace();
        long ref = ks.lookup(MemorySegment.ofArray(src));
        if (ref < 0) {
            return NOT_MOVED;
        }
        if (ks.type(ref) != TYPE_SET || dstWrong) {
            return WRONG;
        }
        if (sameKey) {
            return FieldMap.find(ks, ref, MemorySegment.ofArray(member), new FieldMap.Entry()) ? SAME_KEY_MEMBER : NOT_MOVED;
        }
        return FieldMap.remove(ks, MemorySegment.ofArray(src), MemorySegment.ofArray(member)) ? MOVED : NOT_MOVED;
    }

    private static int add(Shard s, byte[] dst, byte[] member) {
        int status = FieldMap.put(s.keyspace(), MemorySegment.ofArray(dst), TYPE_SET, MemorySegment.ofArray(member),
                SetCommands.EMPTY, true);
        return status == FieldMap.OOM ? OOM : MOVED;
    }

    private static void finishMove(ReplySlot slot, int result) {
        Reply r = slot.reply();
        switch (result) {
            case WRONG -> r.raw(RespErrors.WRONGTYPE);
            case OOM -> r.raw(RespErrors.OOM);
            case SAME_KEY_MEMBER -> r.integer(1);
            default -> r.integer(result);
        }
        slot.complete();
    }
}
