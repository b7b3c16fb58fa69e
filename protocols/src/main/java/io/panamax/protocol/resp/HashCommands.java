package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_HASH;

import io.panamax.engine.collection.FieldMap;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hash commands: HSET, HSETNX, HMSET, HGET, HMGET, HDEL, HLEN, HEXISTS, HSTRLEN, HGETALL, HKEYS, HVALS, HINCRBY,
 * HINCRBYFLOAT, HRANDFIELD. Semantics, reply types (RESP2 and RESP3) and error texts follow the Redis 7.0 command
 * pages (redis.io/commands/&lt;name&gt;) and t_hash.c. Storage is {@link FieldMap} (packed up to 512 fields of at most
 * 64 bytes, then an off-heap table), so HGETALL of a small hash lists fields in insertion order as Redis's listpack
 * does.
 */
final class HashCommands {
    private static final byte[] HASH_NOT_INTEGER = RespErrors.encode("ERR hash value is not an integer");
    private static final byte[] HASH_NOT_FLOAT = RespErrors.encode("ERR hash value is not a float");

    private HashCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.keyed("hset", -4, "write denyoom fast", 1, 1, 1, "write hash fast", (s, c, r) -> hset(s, c, r, false)));
        t.register(CommandSpec.keyed("hmset", -4, "write denyoom fast", 1, 1, 1, "write hash fast", (s, c, r) -> hset(s, c, r, true)));
        t.register(CommandSpec.keyed("hsetnx", 4, "write denyoom fast", 1, 1, 1, "write hash fast", HashCommands::hsetnx));
        t.register(CommandSpec.keyed("hget", 3, "readonly fast", 1, 1, 1, "read hash fast", HashCommands::hget));
        t.register(CommandSpec.keyed("hmget", -3, "readonly fast", 1, 1, 1, "read hash fast", HashCommands::hmget));
        t.register(CommandSpec.keyed("hdel", -3, "write fast", 1, 1, 1, "write hash fast", HashCommands::hdel));
        t.register(CommandSpec.keyed("hlen", 2, "readonly fast", 1, 1, 1, "read hash fast", HashCommands::hlen));
        t.register(CommandSpec.keyed("hexists", 3, "readonly fast", 1, 1, 1, "read hash fast", HashCommands::hexists));
        t.register(CommandSpec.keyed("hstrlen", 3, "readonly fast", 1, 1, 1, "read hash fast", HashCommands::hstrlen));
        t.register(CommandSpec.keyed("hgetall", 2, "readonly", 1, 1, 1, "read hash slow", (s, c, r) -> all(s, c, r, true, true)));
        t.register(CommandSpec.keyed("hkeys", 2, "readonly", 1, 1, 1, "read hash slow", (s, c, r) -> all(s, c, r, true, false)));
        t.register(CommandSpec.keyed("hvals", 2, "readonly", 1, 1, 1, "read hash slow", (s, c, r) -> all(s, c, r, false, true)));
        t.register(CommandSpec.keyed("hincrby", 4, "write denyoom fast", 1, 1, 1, "write hash fast", HashCommands::hincrby));
        t.register(CommandSpec.keyed("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, "write hash fast", HashCommands::hincrbyfloat));
        t.register(CommandSpec.keyed("hrandfield", -2, "readonly", 1, 1, 1, "read hash slow", HashCommands::hrandfield));
    }

    static void hset(Shard s, RespCommand c, Reply r, boolean legacy) {
        if (c.argCount() % 2 != 0) {
            r.error(RespErrors.wrongArity(legacy ? "hmset" : "hset"));
            return;
        }
        if (KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r) == KeyspaceOps.WRONG) {
            return;
        }
        Keyspace ks = s.keyspace();
        int added = 0;
        for (int i = 2; i < c.argCount(); i += 2) {
            int status = FieldMap.put(ks, c.segment(1), TYPE_HASH, c.segment(i), c.segment(i + 1), false);
            if (status == FieldMap.OOM) {
                r.raw(RespErrors.OOM);
                return;
            }
            added += status == FieldMap.ADDED ? 1 : 0;
        }
        if (legacy) {
            r.ok();
        } else {
            r.integer(added);
        }
    }

    static void hsetnx(Shard s, RespCommand c, Reply r) {
        if (KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r) == KeyspaceOps.WRONG) {
            return;
        }
        int status = FieldMap.put(s.keyspace(), c.segment(1), TYPE_HASH, c.segment(2), c.segment(3), true);
        if (status == FieldMap.OOM) {
            r.raw(RespErrors.OOM);
        } else {
            r.integer(status == FieldMap.ADDED ? 1 : 0);
        }
    }

    static void hget(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        replyField(s.keyspace(), ref, c.segment(2), new FieldMap.Entry(), r);
    }

    static void hmget(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        FieldMap.Entry e = new FieldMap.Entry();
        r.array(c.argCount() - 2);
        for (int i = 2; i < c.argCount(); i++) {
            replyField(s.keyspace(), ref, c.segment(i), e, r);
        }
    }

    private static void replyField(Keyspace ks, long ref, MemorySegment field, FieldMap.Entry e, Reply r) {
        if (ref >= 0 && FieldMap.find(ks, ref, field, e)) {
            r.bulk(e.segment, e.valueOffset, e.valueLength);
        } else {
            r.nullBulk();
        }
    }

    static void hdel(Shard s, RespCommand c, Reply r) {
        removeFields(s, c, TYPE_HASH, r);
    }

    /**
     * HDEL and SREM: removes arguments 2.. from the field map of type {@code type} at argument 1 and
     * replies how many were there (0 for a missing key, WRONGTYPE for another type).
     */
    static void removeFields(Shard s, RespCommand c, int type, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, type, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        int removed = 0;
        for (int i = 2; i < c.argCount() && ref >= 0; i++) {
            removed += FieldMap.remove(s.keyspace(), c.segment(1), c.segment(i)) ? 1 : 0;
        }
        r.integer(removed);
    }

    static void hlen(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r);
        if (ref != KeyspaceOps.WRONG) {
            r.integer(ref < 0 ? 0 : FieldMap.count(s.keyspace(), ref));
        }
    }

    static void hexists(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r);
        if (ref != KeyspaceOps.WRONG) {
            r.integer(ref >= 0 && FieldMap.find(s.keyspace(), ref, c.segment(2), new FieldMap.Entry()) ? 1 : 0);
        }
    }

    static void hstrlen(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        FieldMap.Entry e = new FieldMap.Entry();
        r.integer(ref >= 0 && FieldMap.find(s.keyspace(), ref, c.segment(2), e) ? e.valueLength : 0);
    }

    static void all(Shard s, RespCommand c, Reply r, boolean fields, boolean values) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        Keyspace ks = s.keyspace();
        int n = ref < 0 ? 0 : FieldMap.count(ks, ref);
        if (fields && values) {
            r.map(n);
        } else {
            r.array(n);
        }
        if (n > 0) {
            FieldMap.forEach(ks, ref, e -> {
                if (fields) {
                    r.bulk(e.segment, e.fieldOffset, e.fieldLength);
                }
                if (values) {
                    r.bulk(e.segment, e.valueOffset, e.valueLength);
                }
            });
        }
    }

    static void hincrby(Shard s, RespCommand c, Reply r) {
        if (!c.isLong(3)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long delta = c.argLong(3);
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        Keyspace ks = s.keyspace();
        FieldMap.Entry e = new FieldMap.Entry();
        long current = 0;
        if (ref >= 0 && FieldMap.find(ks, ref, c.segment(2), e)) {
            current = NumberParser.parseLongOr(e.segment, e.valueOffset, e.valueLength, Long.MIN_VALUE);
            if (current == Long.MIN_VALUE
                    && !"-9223372036854775808".equals(new String(e.value(), StandardCharsets.US_ASCII))) {
                r.raw(HASH_NOT_INTEGER);
                return;
            }
        }
        long result = current + delta;
        if (((current ^ result) & (delta ^ result)) < 0) {
            r.raw(RespErrors.OVERFLOW);
            return;
        }
        if (store(ks, c, Long.toString(result), r)) {
            r.integer(result);
        }
    }

    static void hincrbyfloat(Shard s, RespCommand c, Reply r) {
        String incr = c.argString(3);
        double delta = NumberParser.parseDouble(incr);
        if (Double.isNaN(delta)) {
            r.raw(RespErrors.NOT_FLOAT);
            return;
        }
        if (Double.isInfinite(delta)) {
            r.error("ERR value is NaN or Infinity");
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        Keyspace ks = s.keyspace();
        FieldMap.Entry e = new FieldMap.Entry();
        String current = "0";
        if (ref >= 0 && FieldMap.find(ks, ref, c.segment(2), e)) {
            current = new String(e.value(), StandardCharsets.US_ASCII);
            if (Double.isNaN(NumberParser.parseDouble(current))) {
                r.raw(HASH_NOT_FLOAT);
                return;
            }
        }
        if (Double.isInfinite(NumberParser.parseDouble(current))) {
            r.error("ERR increment would produce NaN or Infinity");
            return;
        }
        String result = LongDouble.add(current, incr);
        if (store(ks, c, result, r)) {
            r.bulk(result);
        }
    }

    private static boolean store(Keyspace ks, RespCommand c, String value, Reply r) {
        MemorySegment bytes = MemorySegment.ofArray(value.getBytes(StandardCharsets.US_ASCII));
        if (FieldMap.put(ks, c.segment(1), TYPE_HASH, c.segment(2), bytes, false) == FieldMap.OOM) {
            r.raw(RespErrors.OOM);
            return false;
        }
        return true;
    }

    /** HRANDFIELD key [count [WITHVALUES]] (t_hash.c hrandfieldWithCountCommand). */
    static void hrandfield(Shard s, RespCommand c, Reply r) {
        if (c.argCount() == 2) {
            long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r);
            if (ref == KeyspaceOps.WRONG) {
                return;
            }
            if (ref < 0) {
                r.nullBulk();
                return;
            }
            FieldMap.Entry e = new FieldMap.Entry();
            FieldMap.random(s.keyspace(), ref, ThreadLocalRandom.current(), e);
            r.bulk(e.segment, e.fieldOffset, e.fieldLength);
            return;
        }
        RandomCountArgs args = RandomCountArgs.parse(c, "WITHVALUES", r);
        if (args == null) {
            return;
        }
        long count = args.count();
        boolean withValues = args.withOption();
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_HASH, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0 || count == 0) {
            r.array(0);
            return;
        }
        List<byte[][]> picked = RandomPicks.pick(s.keyspace(), ref, count, withValues);
        boolean pairs = withValues && r.protocol() == 3;
        r.array(withValues && !pairs ? picked.size() * 2 : picked.size());
        for (byte[][] p : picked) {
            if (pairs) {
                r.array(2);
            }
            r.bulk(p[0]);
            if (withValues) {
                r.bulk(p[1]);
            }
        }
    }

    /** Copies of every entry of the map at {@code ref}: {field, value} pairs in map order. */
    static List<byte[][]> entries(Keyspace ks, long ref, boolean withValues) {
        List<byte[][]> out = new ArrayList<>(FieldMap.count(ks, ref));
        FieldMap.forEach(ks, ref, e -> out.add(new byte[][] {e.field(), withValues ? e.value() : null}));
        return out;
    }
}
