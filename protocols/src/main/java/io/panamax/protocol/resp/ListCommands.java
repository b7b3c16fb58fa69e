package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_LIST;

import io.panamax.engine.collection.QuickList;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * List commands: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN, LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS.
 * Semantics, reply types and error texts follow the Redis 7.0 command pages and t_list.c. Storage is {@link
 * QuickList}; LRANGE writes elements straight from the nodes into the reply. LMOVE and RPOPLPUSH, which may span
 * shards, are in {@link ListMoveCommands}.
 */
final class ListCommands {
    private static final byte[] NOT_POSITIVE = RespErrors.encode("ERR value is out of range, must be positive");
    private static final byte[] INDEX_OUT_OF_RANGE = RespErrors.encode("ERR index out of range");

    private ListCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.keyed("lpush", -3, "write denyoom fast", 1, 1, 1, "write list fast", (s, c, r) -> push(s, c, r, true, false)));
        t.register(CommandSpec.keyed("rpush", -3, "write denyoom fast", 1, 1, 1, "write list fast", (s, c, r) -> push(s, c, r, false, false)));
        t.register(CommandSpec.keyed("lpushx", -3, "write denyoom fast", 1, 1, 1, "write list fast", (s, c, r) -> push(s, c, r, true, true)));
        t.register(CommandSpec.keyed("rpushx", -3, "write denyoom fast", 1, 1, 1, "write list fast", (s, c, r) -> push(s, c, r, false, true)));
        t.register(CommandSpec.keyed("lpop", -2, "write fast", 1, 1, 1, "write list fast", (s, c, r) -> pop(s, c, r, true)));
        t.register(CommandSpec.keyed("rpop", -2, "write fast", 1, 1, 1, "write list fast", (s, c, r) -> pop(s, c, r, false)));
        t.register(CommandSpec.keyed("llen", 2, "readonly fast", 1, 1, 1, "read list fast", ListCommands::llen));
        t.register(CommandSpec.keyed("lrange", 4, "readonly", 1, 1, 1, "read list slow", ListCommands::lrange));
        t.register(CommandSpec.keyed("lindex", 3, "readonly", 1, 1, 1, "read list slow", ListCommands::lindex));
        t.register(CommandSpec.keyed("lset", 4, "write denyoom", 1, 1, 1, "write list slow", ListCommands::lset));
        t.register(CommandSpec.keyed("linsert", 5, "write denyoom", 1, 1, 1, "write list slow", ListCommands::linsert));
        t.register(CommandSpec.keyed("lrem", 4, "write", 1, 1, 1, "write list slow", ListCommands::lrem));
        t.register(CommandSpec.keyed("ltrim", 4, "write", 1, 1, 1, "write list slow", ListCommands::ltrim));
        t.register(CommandSpec.keyed("lpos", -3, "readonly", 1, 1, 1, "read list slow", ListCommands::lpos));
    }

    static void push(Shard s, RespCommand c, Reply r, boolean left, boolean onlyExisting) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_LIST, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (onlyExisting && ref < 0) {
            r.integer(0);
            return;
        }
        long length = 0;
        for (int i = 2; i < c.argCount(); i++) {
            length = QuickList.push(s.keyspace(), c.segment(1), TYPE_LIST, c.segment(i), left);
            if (length == QuickList.OOM) {
                r.raw(RespErrors.OOM);
                return;
            }
        }
        r.integer(length);
    }

    static void pop(Shard s, RespCommand c, Reply r, boolean left) {
        if (c.argCount() > 3) {
            r.error(RespErrors.wrongArity(left ? "lpop" : "rpop"));
            return;
        }
        boolean hasCount = c.argCount() == 3;
        long count = 1;
        if (hasCount) {
            if (!c.isLong(2) || c.argLong(2) < 0) {
                r.raw(NOT_POSITIVE);
                return;
            }
            count = c.argLong(2);
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_LIST, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0) {
            if (hasCount) {
                r.nullArray();
            } else {
                r.nullBulk();
            }
            return;
        }
        Keyspace ks = s.keyspace();
        if (!hasCount) {
            r.bulk(QuickList.pop(ks, c.segment(1), left));
            return;
        }
        long n = Math.min(count, QuickList.length(ks, ref));
        r.array((int) n);
        for (long i = 0; i < n; i++) {
            r.bulk(QuickList.pop(ks, c.segment(1), left));
        }
    }

    static void llen(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_LIST, r);
        if (ref != KeyspaceOps.WRONG) {
            r.integer(ref < 0 ? 0 : QuickList.length(s.keyspace(), ref));
        }
    }

    static void lrange(Shard s, RespCommand c, Reply r) {
        if (!c.isLong(2) || !c.isLong(3)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_LIST, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0) {
            r.array(0);
            return;
        }
        Keyspace ks = s.keyspace();
        long length = QuickList.length(ks, ref);
        long start = c.argLong(2);
        long end = c.argLong(3);
        start = start < 0 ? Math.max(0, start + length) : start;
        end = end < 0 ? end + length : Math.min(end, length - 1);
        if (start > end || start >= length) {
            r.array(0);
            return;
        }
        long count = end - start + 1;
        r.array((int) count);
        QuickList.range(ks, ref, start, count, (seg, offset, len) -> {
            r.bulk(seg, offset, len);
            return true;
        });
    }

    /** Index {@code index} (negative from the tail) as a 0-based position, or -1 when outside the list. */
    private static long position(long index, long length) {
        long at = index < 0 ? index + length : index;
        return at < 0 || at >= length ? -1 : at;
    }

    static void lindex(Shard s, RespCommand c, Reply r) {
        if (!c.isLong(2)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_LIST, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        long at = ref < 0 ? -1 : position(c.argLong(2), QuickList.length(s.keyspace(), ref));
        if (at < 0) {
            r.nullBulk();
            return;
        }
        QuickList.range(s.keyspace(), ref, at, 1, (seg, offset, len) -> {
            r.bulk(seg, offset, len);
            return false;
        });
    }

    static void lset(Shard s, RespCommand c, Reply r) {
        if (!c.isLong(2)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_LIST, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0) {
            r.raw(RespErrors.NO_SUCH_KEY);
            return;
        }
        long at = position(c.argLong(2), QuickList.length(s.keyspace(), ref));
        if (at < 0) {
            r.raw(INDEX_OUT_OF_RANGE);
            return;
        }
        if (QuickList.set(s.keyspace(), ref, at, c.segment(3)) == QuickList.OOM) {
            r.raw(RespErrors.OOM);
        } else {
            r.ok();
        }
    }

    static void linsert(Shard s, RespCommand c, Reply r) {
        boolean after;
        if (c.argIs(2, "AFTER")) {
            after = true;
        } else if (c.argIs(2, "BEFORE")) {
            after = false;
        } else {
            r.raw(RespErrors.SYNTAX);
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_LIST, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0) {
            r.integer(0);
            return;
        }
        long length = QuickList.insert(s.keyspace(), ref, after, c.segment(3), c.segment(4));
        if (length == QuickList.OOM) {
            r.raw(RespErrors.OOM);
        } else {
            r.integer(length);
        }
    }

    static void lrem(Shard s, RespCommand c, Reply r) {
        if (!c.isLong(2)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_LIST, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        r.integer(ref < 0 ? 0 : QuickList.remove(s.keyspace(), c.segment(1), ref, c.argLong(2), c.segment(3)));
    }

    static void ltrim(Shard s, RespCommand c, Reply r) {
        if (!c.isLong(2) || !c.isLong(3)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_LIST, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref >= 0) {
            Keyspace ks = s.keyspace();
            long length = QuickList.length(ks, ref);
            long start = c.argLong(2);
            long end = c.argLong(3);
            start = start < 0 ? Math.max(0, start + length) : start;
            end = end < 0 ? end + length : Math.min(end, length - 1);
            QuickList.trim(ks, c.segment(1), ref, start, end);
        }
        r.ok();
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] (t_list.c lposCommand). */
    static void lpos(Shard s, RespCommand c, Reply r) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < c.argCount(); j++) {
            boolean more = j + 1 < c.argCount();
            if (c.argIs(j, "RANK") && more) {
                j++;
                if (!c.isLong(j)) {
                    r.raw(RespErrors.NOT_INTEGER);
                    return;
                }
                rank = c.argLong(j);
                if (rank == 0) {
                    r.error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use"
                            + " negative to start from the end of the list");
                    return;
                }
            } else if (c.argIs(j, "COUNT") && more) {
                j++;
                if (!c.isLong(j) || c.argLong(j) < 0) {
                    r.error("ERR COUNT can't be negative");
                    return;
                }
                count = c.argLong(j);
            } else if (c.argIs(j, "MAXLEN") && more) {
                j++;
                if (!c.isLong(j) || c.argLong(j) < 0) {
                    r.error("ERR MAXLEN can't be negative");
                    return;
                }
                maxlen = c.argLong(j);
            } else {
                r.raw(RespErrors.SYNTAX);
                return;
            }
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_LIST, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0) {
            if (count != -1) {
                r.array(0);
            } else {
                r.nullBulk();
            }
            return;
        }
        Keyspace ks = s.keyspace();
        long length = QuickList.length(ks, ref);
        boolean fromTail = rank < 0;
        long skip = rank == Long.MIN_VALUE ? 0 : Math.abs(rank) - 1; // Redis 7.0 takes RANK LONG_MIN as -1
        long wanted = count == -1 ? 1 : count == 0 ? Long.MAX_VALUE : count;
        long limit = maxlen == 0 ? Long.MAX_VALUE : maxlen;
        MemorySegment element = c.segment(2);
        List<Long> found = new ArrayList<>();
        long[] state = {0, skip}; // scanned, matches still to skip
        QuickList.ElementVisitor visitor = (seg, offset, len) -> {
            if (state[0] >= limit) {
                return false;
            }
            long index = fromTail ? length - 1 - state[0] : state[0];
            state[0]++;
            if (len == element.byteSize()
                    && MemorySegment.mismatch(seg, offset, offset + len, element, 0, len) == -1) {
                if (state[1] > 0) {
                    state[1]--;
                } else {
                    found.add(index);
                }
            }
            return found.size() < wanted;
        };
        if (fromTail) {
            QuickList.reverse(ks, ref, visitor);
        } else {
            QuickList.range(ks, ref, 0, length, visitor);
        }
        if (count == -1) {
            if (found.isEmpty()) {
                r.nullBulk();
            } else {
                r.integer(found.get(0));
            }
            return;
        }
        r.array(found.size());
        for (long index : found) {
            r.integer(index);
        }
    }
}
