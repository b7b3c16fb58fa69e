package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_SET;

import io.panamax.engine.collection.FieldMap;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Single-key set commands: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SPOP, SRANDMEMBER. Semantics, reply
 * types (RESP2 and RESP3) and error texts follow the Redis 7.0 command pages and t_set.c. A set is a {@link FieldMap}
 * whose values are empty. Commands over several sets (SINTER, SUNION, SDIFF, their STORE forms, SINTERCARD, SMOVE)
 * are in {@link SetAlgebraCommands}.
 */
final class SetCommands {
    static final MemorySegment EMPTY = MemorySegment.ofArray(new byte[0]);
    private static final byte[] NOT_POSITIVE = RespErrors.encode("ERR value is out of range, must be positive");
    static final String LONG_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

    private SetCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.keyed("sadd", -3, "write denyoom fast", 1, 1, 1, "write set fast", SetCommands::sadd));
        t.register(CommandSpec.keyed("srem", -3, "write fast", 1, 1, 1, "write set fast", SetCommands::srem));
        t.register(CommandSpec.keyed("smembers", 2, "readonly", 1, 1, 1, "read set slow", SetCommands::smembers));
        t.register(CommandSpec.keyed("sismember", 3, "readonly fast", 1, 1, 1, "read set fast", SetCommands::sismember));
        t.register(CommandSpec.keyed("smismember", -3, "readonly fast", 1, 1, 1, "read set fast", SetCommands::smismember));
        t.register(CommandSpec.keyed("scard", 2, "readonly fast", 1, 1, 1, "read set fast", SetCommands::scard));
        t.register(CommandSpec.keyed("spop", -2, "write random fast", 1, 1, 1, "write set fast", SetCommands::spop));
        t.register(CommandSpec.keyed("srandmember", -2, "readonly random", 1, 1, 1, "read set slow", SetCommands::srandmember));
    }

    static void sadd(Shard s, RespCommand c, Reply r) {
        if (KeyspaceOps.lookupTyped(s, c, 1, TYPE_SET, r) == KeyspaceOps.WRONG) {
            return;
        }
        int added = 0;
        for (int i = 2; i < c.argCount(); i++) {
            int status = FieldMap.put(s.keyspace(), c.segment(1), TYPE_SET, c.segment(i), EMPTY, true);
            if (status == FieldMap.OOM) {
                r.raw(RespErrors.OOM);
                return;
            }
            added += status == FieldMap.ADDED ? 1 : 0;
        }
        r.integer(added);
    }

    static void srem(Shard s, RespCommand c, Reply r) {
        HashCommands.removeFields(s, c, TYPE_SET, r);
    }

    static void smembers(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_SET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        Keyspace ks = s.keyspace();
        r.set(ref < 0 ? 0 : FieldMap.count(ks, ref));
        if (ref >= 0) {
            FieldMap.forEach(ks, ref, e -> r.bulk(e.segment, e.fieldOffset, e.fieldLength));
        }
    }

    static void sismember(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_SET, r);
        if (ref != KeyspaceOps.WRONG) {
            r.integer(ref >= 0 && FieldMap.find(s.keyspace(), ref, c.segment(2), new FieldMap.Entry()) ? 1 : 0);
        }
    }

    static void smismember(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_SET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        FieldMap.Entry e = new FieldMap.Entry();
        r.array(c.argCount() - 2);
        for (int i = 2; i < c.argCount(); i++) {
            r.integer(ref >= 0 && FieldMap.find(s.keyspace(), ref, c.segment(i), e) ? 1 : 0);
        }
    }

    static void scard(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_SET, r);
        if (ref != KeyspaceOps.WRONG) {
            r.integer(ref < 0 ? 0 : FieldMap.count(s.keyspace(), ref));
        }
    }

    static void spop(Shard s, RespCommand c, Reply r) {
        Keyspace ks = s.keyspace();
        if (c.argCount() == 2) {
            long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_SET, r);
            if (ref == KeyspaceOps.WRONG) {
                return;
            }
            if (ref < 0) {
                r.nullBulk();
                return;
            }
            FieldMap.popRandom(ks, c.segment(1), ThreadLocalRandom.current(),
                    e -> r.bulk(e.segment, e.fieldOffset, e.fieldLength));
            return;
        }
        if (c.argCount() > 3) {
            r.raw(RespErrors.SYNTAX);
            return;
        }
        if (!c.isLong(2) || c.argLong(2) < 0) {
            r.raw(NOT_POSITIVE);
            return;
        }
        long count = c.argLong(2);
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_SET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0 || count == 0) {
            r.set(0);
            return;
        }
        List<byte[][]> picked = RandomPicks.pick(ks, ref, count, false);
        if (picked.size() == FieldMap.count(ks, ref)) {
            ks.delete(c.segment(1));
        } else {
            for (byte[][] p : picked) {
                FieldMap.remove(ks, c.segment(1), MemorySegment.ofArray(p[0]));
            }
        }
        r.set(picked.size());
        for (byte[][] p : picked) {
            r.bulk(p[0]);
        }
    }

    static void srandmember(Shard s, RespCommand c, Reply r) {
        if (c.argCount() == 2) {
            long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_SET, r);
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
        if (c.argCount() > 3) {
            r.raw(RespErrors.SYNTAX);
            return;
        }
        if (!c.isLong(2)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long count = c.argLong(2);
        if (count == Long.MIN_VALUE) {
            r.error(LONG_RANGE);
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_SET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0 || count == 0) {
            r.array(0);
            return;
        }
        List<byte[][]> picked = RandomPicks.pick(s.keyspace(), ref, count, false);
        r.array(picked.size());
        for (byte[][] p : picked) {
            r.bulk(p[0]);
        }
    }

    /** OBJECT ENCODING as Redis 7.0 reports a set: intset while packed with only integer members, else hashtable. */
    static String encoding(Keyspace ks, long ref) {
        if (!FieldMap.isPacked(ks, ref)) {
            return "hashtable";
        }
        boolean[] integers = {true};
        FieldMap.forEach(ks, ref, e -> integers[0] &= e.fieldLength <= 20
                && NumberParser.parseLongOr(e.segment, e.fieldOffset, e.fieldLength, Long.MIN_VALUE) != Long.MIN_VALUE);
        return integers[0] ? "intset" : "hashtable";
    }
}
