package io.panamax.protocol.resp;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.transport.ShardGroup;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands over several keys that may live on different shards: MGET, MSET, MSETNX, DEL, UNLINK,
 * EXISTS, TOUCH, RENAME, RENAMENX. Keys are grouped by shard; each group runs on its shard as one
 * task (in order with the connection's other commands there) and the parts are gathered here.
 *
 * <p>Atomicity: each shard's part is atomic; across shards MSET and DEL are not atomic against
 * concurrent clients (another client may observe some keys set and others not yet). MSETNX and
 * RENAME/RENAMENX across shards run in phases (check, then write) and act as barriers for their own
 * connection, so its later commands see their full effect; a concurrent client's write between
 * the phases can still interleave. With all keys on one shard (e.g. sharing a {hash tag}) every
 * one of these commands is atomic.
 */
final class MultiKeyCommands {
    private MultiKeyCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.async("mget", -2, "readonly fast", 1, -1, 1, "read string fast", MultiKeyCommands::mget));
        t.register(CommandSpec.async("mset", -3, "write denyoom", 1, -1, 2, "write string slow", MultiKeyCommands::mset));
        t.register(CommandSpec.async("msetnx", -3, "write denyoom", 1, -1, 2, "write string slow", MultiKeyCommands::msetnx));
        t.register(CommandSpec.async("del", -2, "write", 1, -1, 1, "keyspace write slow", (s, c, slot) -> count(s, c, slot, MultiKeyCommands::delete)));
        t.register(CommandSpec.async("unlink", -2, "write fast", 1, -1, 1, "keyspace write fast", (s, c, slot) -> count(s, c, slot, MultiKeyCommands::delete)));
        t.register(CommandSpec.async("exists", -2, "readonly fast", 1, -1, 1, "keyspace read fast", (s, c, slot) -> count(s, c, slot, MultiKeyCommands::exists)));
        t.register(CommandSpec.async("touch", -2, "readonly fast", 1, -1, 1, "keyspace read fast", (s, c, slot) -> count(s, c, slot, MultiKeyCommands::touch)));
        t.register(CommandSpec.async("rename", 3, "write", 1, 2, 1, "keyspace write slow", (s, c, slot) -> rename(s, c, slot, false)));
        t.register(CommandSpec.async("renamenx", 3, "write fast", 1, 2, 1, "keyspace write fast", (s, c, slot) -> rename(s, c, slot, true)));
    }

    /** What DEL, UNLINK, EXISTS and TOUCH do to one key of a shard: true if it counts. */
    @FunctionalInterface
    private interface KeyTest {
        boolean test(Shard shard, MemorySegment key);
    }

    /**
     * Whether every key (arguments 1, 1 + step, ...) belongs to this connection's own shard (one shard, or keys
     * sharing a {hash tag}). Such a command runs at once on the local keyspace over views of the request buffer:
     * no key copies, no grouping, no gather (the general path copies every key and value to the heap).
     */
    private static boolean allLocal(RespSession session, RespCommand c, int step) {
        int local = session.localShard();
        ShardGroup shards = session.server().shards();
        for (int i = 1; i < c.argCount(); i += step) {
            if (shards.shardOfKey(c.buffer(), c.offset(i), c.length(i)) != local) {
                return false;
            }
        }
        return true;
    }

    /** Keys of one shard, with their positions in the request. */
    private record Group(int shard, List<byte[]> keys, List<byte[]> values, List<Integer> positions) {}

    private static List<Group> group(RespSession session, RespCommand c, int step) {
        List<Group> groups = new ArrayList<>();
        Group[] byShard = new Group[session.server().shards().shardCount()];
        int position = 0;
        for (int i = 1; i < c.argCount(); i += step, position++) {
            byte[] key = c.argBytes(i);
            int shard = session.shardOf(key);
            Group g = byShard[shard];
            if (g == null) {
                g = new Group(shard, new ArrayList<>(), step == 2 ? new ArrayList<>() : null, new ArrayList<>());
                byShard[shard] = g;
                groups.add(g);
            }
            g.keys.add(key);
            if (step == 2) {
                g.values.add(c.argBytes(i + 1));
            }
            g.positions.add(position);
        }
        return groups;
    }

    private static boolean mget(RespSession session, RespCommand c, ReplySlot slot) {
        int n = c.argCount() - 1;
        if (allLocal(session, c, 1)) {
            session.onShard(slot, session.localShard(), shard -> {
                Keyspace ks = shard.keyspace();
                Reply r = slot.reply();
                try {
                    r.array(n);
                    for (int i = 1; i <= n; i++) {
                        long ref = ks.lookup(c.segment(i));
                        shard.countLookup(ref >= 0);
                        if (ref >= 0 && ks.type(ref) == KeyspaceOps.TYPE_STRING) {
                            r.bulk(ks.segment(ref), ks.valueOffset(ref), ks.valueLength(ref));
                        } else {
                            r.nullBulk();
                        }
                    }
                } catch (RuntimeException | OutOfMemoryError e) {
                    slot.content.clear(); // the error reply replaces the partial array
                    throw e;
                }
                return Boolean.TRUE;
            }, done -> slot.complete());
            return false;
        }
        byte[][] results = new byte[n][];
        List<Group> groups = group(session, c, 1);
        int[] remaining = {groups.size()};
        for (Group g : groups) {
            session.onShard(slot, g.shard, shard -> {
                Keyspace ks = shard.keyspace();
                byte[][] values = new byte[g.keys.size()][];
                for (int i = 0; i < values.length; i++) {
                    long ref = ks.lookup(MemorySegment.ofArray(g.keys.get(i)));
                    shard.countLookup(ref >= 0);
                    values[i] = ref >= 0 && ks.type(ref) == KeyspaceOps.TYPE_STRING ? KeyspaceOps.valueBytes(ks, ref) : null;
                }
                return values;
            }, values -> {
                for (int i = 0; i < values.length; i++) {
                    results[g.positions.get(i)] = values[i];
                }
                if (--remaining[0] == 0) {
                    Reply r = slot.reply();
                    r.array(n);
                    for (byte[] v : results) {
                        if (v == null) {
                            r.nullBulk();
                        } else {
                            r.bulk(v);
                        }
                    }
                    slot.complete();
                }
            });
        }
        return false;
    }

    private static boolean mset(RespSession session, RespCommand c, ReplySlot slot) {
        if ((c.argCount() - 1) % 2 != 0) {
            slot.completeWithError(RespErrors.wrongArity("mset"));
            return false;
        }
        if (allLocal(session, c, 2)) {
            session.onShard(slot, session.localShard(), shard -> {
                Keyspace ks = shard.keyspace();
                boolean ok = true;
                for (int i = 1; i < c.argCount(); i += 2) {
                    ok &= KeyspaceOps.putArg(ks, c, i, i + 1, 0, 0) != Keyspace.OOM;
                }
                return ok;
            }, ok -> {
                if (ok) {
                    slot.reply().ok();
                } else {
                    slot.reply().raw(RespErrors.OOM);
                }
                slot.complete();
            });
            return false;
        }
        List<Group> groups = group(session, c, 2);
        int[] remaining = {groups.size()};
        boolean[] oom = {false};
        for (Group g : groups) {
            session.onShard(slot, g.shard, shard -> setAll(shard, g), ok -> {
                oom[0] |= !ok;
                if (--remaining[0] == 0) {
                    if (oom[0]) {
                        slot.reply().raw(RespErrors.OOM);
                    } else {
                        slot.reply().ok();
                    }
                    slot.complete();
                }
            });
        }
        return false;
    }

    private static boolean setAll(Shard shard, Group g) {
        Keyspace ks = shard.keyspace();
        boolean ok = true;
        for (int i = 0; i < g.keys.size(); i++) {
            ok &= KeyspaceOps.putBytes(ks, MemorySegment.ofArray(g.keys.get(i)), g.values.get(i), 0, 0) != Keyspace.OOM;
        }
        return ok;
    }

    private static boolean msetnx(RespSession session, RespCommand c, ReplySlot slot) {
        if ((c.argCount() - 1) % 2 != 0) {
            slot.completeWithError(RespErrors.wrongArity("msetnx"));
            return false;
        }
        List<Group> groups = group(session, c, 2);
        if (groups.size() == 1) {
            Group g = groups.get(0);
            session.onShard(slot, g.shard, shard -> {
                if (countExisting(shard, g.keys) > 0) {
                    return 0;
                }
                return setAll(shard, g) ? 1 : -1;
            }, result -> finishMsetnx(slot, result));
            return false;
        }
        int[] remaining = {groups.size()};
        long[] found = {0};
        for (Group g : groups) {
            session.onShard(slot, g.shard, shard -> countExisting(shard, g.keys), n -> {
                found[0] += n;
                if (--remaining[0] > 0) {
                    return;
                }
                if (found[0] > 0) {
                    finishMsetnx(slot, 0);
                    return;
                }
                int[] writes = {groups.size()};
                boolean[] ok = {true};
                for (Group w : groups) {
                    session.onShard(slot, w.shard, shard -> setAll(shard, w), done -> {
                        ok[0] &= done;
                        if (--writes[0] == 0) {
                            finishMsetnx(slot, ok[0] ? 1 : -1);
                        }
                    });
                }
            });
        }
        return !slot.done;
    }

    private static void finishMsetnx(ReplySlot slot, int result) {
        if (result < 0) {
            slot.reply().raw(RespErrors.OOM);
        } else {
            slot.reply().integer(result);
        }
        slot.complete();
    }

    private static boolean delete(Shard shard, MemorySegment key) {
        return shard.keyspace().delete(key);
    }

    private static long countExisting(Shard shard, List<byte[]> keys) {
        long n = 0;
        for (byte[] key : keys) {
            n += exists(shard, MemorySegment.ofArray(key)) ? 1 : 0;
        }
        return n;
    }

    /** EXISTS does not count as an access (Redis: LOOKUP_NOTOUCH). */
    private static boolean exists(Shard shard, MemorySegment key) {
        return shard.keyspace().peek(key) >= 0;
    }

    /** TOUCH: an access (LRU position, OBJECT IDLETIME, LFU counter) of each existing key. */
    private static boolean touch(Shard shard, MemorySegment key) {
        return shard.keyspace().lookup(key) >= 0;
    }

    /** DEL, UNLINK, EXISTS, TOUCH: the number of keys (repeats included, as in Redis) for which {@code op} is true. */
    private static boolean count(RespSession session, RespCommand c, ReplySlot slot, KeyTest op) {
        if (allLocal(session, c, 1)) {
            session.onShard(slot, session.localShard(), shard -> {
                long n = 0;
                for (int i = 1; i < c.argCount(); i++) {
                    n += op.test(shard, c.segment(i)) ? 1 : 0;
                }
                return n;
            }, n -> {
                slot.reply().integer(n);
                slot.complete();
            });
            return false;
        }
        List<Group> groups = group(session, c, 1);
        int[] remaining = {groups.size()};
        long[] total = {0};
        for (Group g : groups) {
            session.onShard(slot, g.shard, shard -> {
                long n = 0;
                for (byte[] key : g.keys) {
                    n += op.test(shard, MemorySegment.ofArray(key)) ? 1 : 0;
                }
                return n;
            }, n -> {
                total[0] += n;
                if (--remaining[0] == 0) {
                    slot.reply().integer(total[0]);
                    slot.complete();
                }
            });
        }
        return false;
    }

    /**
     * A value taken out of the keyspace to be stored elsewhere. Within a shard the value bytes move as they are (a
     * collection's chunks go with them); across shards a collection travels as copies of its entries, since its
     * chunks belong to the source shard's allocator.
     */
    private record Moved(int type, byte[] value, long expireAtMs, List<byte[][]> entries) {}

    private static boolean rename(RespSession session, RespCommand c, ReplySlot slot, boolean nx) {
        byte[] src = c.argBytes(1);
        byte[] dst = c.argBytes(2);
        int srcShard = session.shardOf(src);
        int dstShard = session.shardOf(dst);
        if (srcShard == dstShard) {
            session.onShard(slot, srcShard, shard -> renameLocal(shard, src, dst, nx), result -> finishRename(slot, result, nx));
            return false;
        }
        // Phase 1 (NX only): is the destination free? Phase 2: take the source. Phase 3: store it.
        Runnable move = () -> session.onShard(slot, srcShard, shard -> take(shard, src, false), moved -> {
            if (moved == null) {
                finishRename(slot, NO_SUCH_KEY, nx);
                return;
            }
            session.onShard(slot, dstShard, shard -> store(shard, dst, moved),
                    stored -> finishRename(slot, stored ? DONE : OOM, nx));
        });
        if (nx) {
            session.onShard(slot, dstShard, shard -> shard.keyspace().lookup(MemorySegment.ofArray(dst)) >= 0, exists -> {
                if (exists) {
                    // Redis checks the source first: a missing source is an error even when dst exists.
                    session.onShard(slot, srcShard, shard -> shard.keyspace().lookup(MemorySegment.ofArray(src)) >= 0,
                            srcExists -> finishRename(slot, srcExists ? NOT_DONE : NO_SUCH_KEY, true));
                } else {
                    move.run();
                }
            });
        } else {
            move.run();
        }
        return !slot.done;
    }

    private static final int DONE = 1;
    private static final int NOT_DONE = 0;
    private static final int NO_SUCH_KEY = -1;
    private static final int OOM = -2;

    private static int renameLocal(Shard shard, byte[] src, byte[] dst, boolean nx) {
        Keyspace ks = shard.keyspace();
        if (ks.lookup(MemorySegment.ofArray(src)) < 0) {
            return NO_SUCH_KEY;
        }
        if (java.util.Arrays.equals(src, dst)) {
            return nx ? NOT_DONE : DONE;
        }
        if (nx && ks.lookup(MemorySegment.ofArray(dst)) >= 0) {
            return NOT_DONE;
        }
        Moved moved = take(shard, src, true);
        if (!store(shard, dst, moved)) {
            store(shard, src, moved); // put it back: the source existed and its bytes were freed
            return OOM;
        }
        return DONE;
    }

    private static Moved take(Shard shard, byte[] key, boolean sameShard) {
        Keyspace ks = shard.keyspace();
        MemorySegment k = MemorySegment.ofArray(key);
        long ref = ks.lookup(k);
        if (ref < 0) {
            return null;
        }
        int type = ks.type(ref);
        if (type == KeyspaceOps.TYPE_STRING || sameShard) {
            Moved moved = new Moved(type, KeyspaceOps.valueBytes(ks, ref), ks.expireAtMs(ref), null);
            ks.detach(k); // the chunks of a collection now belong to the copied value bytes
            return moved;
        }
        List<byte[][]> entries;
        if (type == KeyspaceOps.TYPE_LIST) {
            entries = new ArrayList<>();
            io.panamax.engine.collection.QuickList.range(ks, ref, 0, io.panamax.engine.collection.QuickList.length(ks, ref),
                    (seg, offset, len) -> {
                        byte[] element = new byte[len];
                        MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, element, 0, len);
                        entries.add(new byte[][] {element});
                        return true;
                    });
        } else if (type == KeyspaceOps.TYPE_ZSET) {
            entries = new ArrayList<>();
            io.panamax.engine.collection.SortedSet.range(ks, ref, 0, io.panamax.engine.collection.SortedSet.count(ks, ref),
                    false, (seg, offset, len, score) -> {
                        byte[] member = new byte[len];
                        MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, member, 0, len);
                        entries.add(new byte[][] {member, java.nio.ByteBuffer.allocate(8).putDouble(score).array()});
                        return true;
                    });
        } else {
            entries = HashCommands.entries(ks, ref, true);
        }
        Moved moved = new Moved(type, null, ks.expireAtMs(ref), entries);
        ks.delete(k);
        return moved;
    }

    private static boolean store(Shard shard, byte[] key, Moved moved) {
        Keyspace ks = shard.keyspace();
        if (moved.entries() != null) {
            return storeEntries(ks, MemorySegment.ofArray(key), moved);
        }
        long ref = ks.put(MemorySegment.ofArray(key), moved.type(), moved.value().length,
                moved.expireAtMs() > 0 ? moved.expireAtMs() : 0, 0);
        if (ref == Keyspace.OOM) {
            return false;
        }
        MemorySegment.copy(moved.value(), 0, ks.segment(ref), java.lang.foreign.ValueLayout.JAVA_BYTE,
                ks.valueOffset(ref), moved.value().length);
        return true;
    }

    private static boolean storeEntries(Keyspace ks, MemorySegment key, Moved moved) {
        ks.delete(key);
        for (byte[][] e : moved.entries()) {
            if (moved.type() == KeyspaceOps.TYPE_LIST) {
                if (io.panamax.engine.collection.QuickList.push(ks, key, moved.type(), MemorySegment.ofArray(e[0]), false)
                        == io.panamax.engine.collection.QuickList.OOM) {
                    return false;
                }
                continue;
            }
            if (moved.type() == KeyspaceOps.TYPE_ZSET) {
                double score = java.nio.ByteBuffer.wrap(e[1]).getDouble();
                if (io.panamax.engine.collection.SortedSet.put(ks, key, moved.type(), MemorySegment.ofArray(e[0]), score)
                        == io.panamax.engine.collection.SortedSet.OOM) {
                    return false;
                }
                continue;
            }
            MemorySegment value = MemorySegment.ofArray(e[1] == null ? new byte[0] : e[1]);
            if (io.panamax.engine.collection.FieldMap.put(ks, key, moved.type(), MemorySegment.ofArray(e[0]), value, false)
                    == io.panamax.engine.collection.FieldMap.OOM) {
                return false;
            }
        }
        if (moved.expireAtMs() > 0) {
            ks.setExpireAt(key, moved.expireAtMs());
        }
        return true;
    }

    private static void finishRename(ReplySlot slot, int result, boolean nx) {
        Reply r = slot.reply();
        switch (result) {
            case NO_SUCH_KEY -> r.raw(RespErrors.NO_SUCH_KEY);
            case OOM -> r.raw(RespErrors.OOM);
            default -> {
                if (nx) {
                    r.integer(result);
                } else {
                    r.ok();
                }
            }
        }
        slot.complete();
    }
}
