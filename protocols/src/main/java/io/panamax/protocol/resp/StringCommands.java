package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_STRING;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * String commands: GET, SET and its variants, counters, ranges, APPEND. Semantics, reply types and
 * error texts follow the Redis 7 command pages (redis.io/commands/&lt;name&gt;) and t_string.c.
 * Multi-key forms (MGET, MSET, MSETNX) are in {@link MultiKeyCommands}.
 */
final class StringCommands {
    private StringCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.keyed("get", 2, "readonly fast", 1, 1, 1, "read string fast", StringCommands::get));
        t.register(CommandSpec.keyed("set", -3, "write denyoom", 1, 1, 1, "write string slow", StringCommands::set));
        t.register(CommandSpec.keyed("setnx", 3, "write denyoom fast", 1, 1, 1, "write string fast", StringCommands::setnx));
        t.register(CommandSpec.keyed("setex", 4, "write denyoom", 1, 1, 1, "write string slow", (s, c, r) -> setex(s, c, r, 1000, "setex")));
        t.register(CommandSpec.keyed("psetex", 4, "write denyoom", 1, 1, 1, "write string slow", (s, c, r) -> setex(s, c, r, 1, "psetex")));
        t.register(CommandSpec.keyed("getset", 3, "write denyoom fast", 1, 1, 1, "write string fast", StringCommands::getset));
        t.register(CommandSpec.keyed("getdel", 2, "write fast", 1, 1, 1, "write string fast", StringCommands::getdel));
        t.register(CommandSpec.keyed("getex", -2, "write fast", 1, 1, 1, "write string fast", StringCommands::getex));
        t.register(CommandSpec.keyed("append", 3, "write denyoom fast", 1, 1, 1, "write string fast", StringCommands::append));
        t.register(CommandSpec.keyed("strlen", 2, "readonly fast", 1, 1, 1, "read string fast", StringCommands::strlen));
        t.register(CommandSpec.keyed("incr", 2, "write denyoom fast", 1, 1, 1, "write string fast", (s, c, r) -> incrBy(s, c, r, 1)));
        t.register(CommandSpec.keyed("decr", 2, "write denyoom fast", 1, 1, 1, "write string fast", (s, c, r) -> incrBy(s, c, r, -1)));
        t.register(CommandSpec.keyed("incrby", 3, "write denyoom fast", 1, 1, 1, "write string fast", (s, c, r) -> incrByArg(s, c, r, false)));
        t.register(CommandSpec.keyed("decrby", 3, "write denyoom fast", 1, 1, 1, "write string fast", (s, c, r) -> incrByArg(s, c, r, true)));
        t.register(CommandSpec.keyed("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "write string fast", StringCommands::incrByFloat));
        t.register(CommandSpec.keyed("getrange", 4, "readonly", 1, 1, 1, "read string slow", StringCommands::getrange));
        t.register(CommandSpec.keyed("substr", 4, "readonly", 1, 1, 1, "read string slow", StringCommands::getrange));
        t.register(CommandSpec.keyed("setrange", 4, "write denyoom", 1, 1, 1, "write string slow", StringCommands::setrange));
    }

    /** Looks up a string; replies WRONGTYPE and returns {@link #WRONG} for another type. */
    static final long WRONG = -3;

    static long lookupString(Shard s, RespCommand c, int keyIndex, Reply r) {
        Keyspace ks = s.keyspace();
        long ref = ks.lookup(c.segment(keyIndex));
        if (ref >= 0 && ks.type(ref) != TYPE_STRING) {
            r.raw(RespErrors.WRONGTYPE);
            return WRONG;
        }
        s.countLookup(ref >= 0);
        return ref;
    }

    static void get(Shard s, RespCommand c, Reply r) {
        long ref = lookupString(s, c, 1, r);
        if (ref == WRONG) {
            return;
        }
        replyValue(s.keyspace(), ref, r);
    }

    private static void replyValue(Keyspace ks, long ref, Reply r) {
        if (ref < 0) {
            r.nullBulk();
        } else {
            r.bulk(ks.segment(ref), ks.valueOffset(ref), ks.valueLength(ref));
        }
    }

    static void set(Shard s, RespCommand c, Reply r) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        long expireAt = 0;
        boolean expireGiven = false;
        long now = System.currentTimeMillis();
        for (int i = 3; i < c.argCount(); i++) {
            boolean hasNext = i + 1 < c.argCount();
            if (c.argIs(i, "NX") && !xx) {
                nx = true;
            } else if (c.argIs(i, "XX") && !nx) {
                xx = true;
            } else if (c.argIs(i, "GET")) {
                get = true;
            } else if (c.argIs(i, "KEEPTTL") && !expireGiven) {
                keepTtl = true;
            } else if (hasNext && !keepTtl && !expireGiven && isExpireOption(c, i)) {
                expireAt = parseExpireOption(c, i, now, "set", r);
                if (expireAt < 0) {
                    return;
                }
                expireGiven = true;
                i++;
            } else {
                r.raw(RespErrors.SYNTAX);
                return;
            }
        }
        Keyspace ks = s.keyspace();
        MemorySegment key = c.segment(1);
        long old = -1;
        if (nx || xx || get) {
            old = ks.lookup(key);
            if (get && old >= 0 && ks.type(old) != TYPE_STRING) {
                r.raw(RespErrors.WRONGTYPE);
                return;
            }
        }
        byte[] oldValue = get && old >= 0 ? KeyspaceOps.valueBytes(ks, old) : null;
        if ((nx && old >= 0) || (xx && old < 0)) {
            if (get) {
                replyBytes(oldValue, r);
            } else {
                r.nullBulk();
            }
            return;
        }
        if (expireGiven && expireAt <= now) {
            // An absolute time in the past: Redis stores and immediately expires the key.
            ks.delete(key);
        } else if (KeyspaceOps.putArg(ks, c, 1, 2, expireGiven ? expireAt : 0, keepTtl ? Keyspace.KEEP_TTL : 0) == Keyspace.OOM) {
            r.raw(RespErrors.OOM);
            return;
        }
        if (get) {
            replyBytes(oldValue, r);
        } else {
            r.ok();
        }
    }

    private static boolean isExpireOption(RespCommand c, int i) {
        return c.argIs(i, "EX") || c.argIs(i, "PX") || c.argIs(i, "EXAT") || c.argIs(i, "PXAT");
    }

    /**
     * Parses the EX/PX/EXAT/PXAT option at {@code i} (its value at {@code i + 1}) into an absolute time in ms.
     *
     * @return the time, or -1 after replying Redis's error for {@code command}
     */
    private static long parseExpireOption(RespCommand c, int i, long now, String command, Reply r) {
        boolean seconds = c.argIs(i, "EX") || c.argIs(i, "EXAT");
        boolean absolute = c.argIs(i, "EXAT") || c.argIs(i, "PXAT");
        long expireAt = ExpireOption.parse(c, i + 1, seconds ? 1000 : 1, absolute, false, now);
        if (expireAt == ExpireOption.NOT_INTEGER) {
            r.raw(RespErrors.NOT_INTEGER);
            return -1;
        }
        if (expireAt == ExpireOption.INVALID) {
            r.error(RespErrors.invalidExpire(command));
            return -1;
        }
        return expireAt;
    }

    private static void replyBytes(byte[] value, Reply r) {
        if (value == null) {
            r.nullBulk();
        } else {
            r.bulk(value);
        }
    }

    static void setnx(Shard s, RespCommand c, Reply r) {
        Keyspace ks = s.keyspace();
        if (ks.lookup(c.segment(1)) >= 0) {
            r.integer(0);
            return;
        }
        if (KeyspaceOps.putArg(ks, c, 1, 2, 0, 0) == Keyspace.OOM) {
            r.raw(RespErrors.OOM);
            return;
        }
        r.integer(1);
    }

    static void setex(Shard s, RespCommand c, Reply r, long unitMs, String name) {
        long now = System.currentTimeMillis();
        long expireAt = ExpireOption.parse(c, 2, unitMs, false, false, now);
        if (expireAt == ExpireOption.NOT_INTEGER) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        if (expireAt == ExpireOption.INVALID) {
            r.error(RespErrors.invalidExpire(name));
            return;
        }
        if (KeyspaceOps.putArg(s.keyspace(), c, 1, 3, expireAt, 0) == Keyspace.OOM) {
            r.raw(RespErrors.OOM);
            return;
        }
        r.ok();
    }

    static void getset(Shard s, RespCommand c, Reply r) {
        long ref = lookupString(s, c, 1, r);
        if (ref == WRONG) {
            return;
        }
        byte[] old = ref >= 0 ? KeyspaceOps.valueBytes(s.keyspace(), ref) : null;
        if (KeyspaceOps.putArg(s.keyspace(), c, 1, 2, 0, 0) == Keyspace.OOM) {
            r.raw(RespErrors.OOM);
            return;
        }
        replyBytes(old, r);
    }

    static void getdel(Shard s, RespCommand c, Reply r) {
        long ref = lookupString(s, c, 1, r);
        if (ref == WRONG) {
            return;
        }
        replyValue(s.keyspace(), ref, r);
        if (ref >= 0) {
            s.keyspace().delete(c.segment(1));
        }
    }

    static void getex(Shard s, RespCommand c, Reply r) {
        long now = System.currentTimeMillis();
        long expireAt = -1; // -1: leave TTL, 0: persist
        for (int i = 2; i < c.argCount(); i++) {
            boolean hasNext = i + 1 < c.argCount();
            if (c.argIs(i, "PERSIST") && expireAt == -1) {
                expireAt = 0;
            } else if (hasNext && expireAt == -1 && isExpireOption(c, i)) {
                expireAt = parseExpireOption(c, i, now, "getex", r);
                if (expireAt < 0) {
                    return;
                }
                i++;
            } else {
                r.raw(RespErrors.SYNTAX);
                return;
            }
        }
        long ref = lookupString(s, c, 1, r);
        if (ref == WRONG) {
            return;
        }
        replyValue(s.keyspace(), ref, r);
        if (ref < 0 || expireAt == -1) {
            return;
        }
        if (expireAt > 0 && expireAt <= now) {
            s.keyspace().delete(c.segment(1));
        } else {
            s.keyspace().setExpireAt(c.segment(1), expireAt);
        }
    }

    static void append(Shard s, RespCommand c, Reply r) {
        long ref = lookupString(s, c, 1, r);
        if (ref == WRONG) {
            return;
        }
        Keyspace ks = s.keyspace();
        if (ref < 0) {
            if (KeyspaceOps.putArg(ks, c, 1, 2, 0, 0) == Keyspace.OOM) {
                r.raw(RespErrors.OOM);
                return;
            }
            r.integer(c.length(2));
            return;
        }
        int oldLen = ks.valueLength(ref);
        long newLen = (long) oldLen + c.length(2);
        if (newLen > RespLimits.DEFAULTS.maxBulkBytes()) {
            r.raw(RespErrors.STRING_TOO_LONG);
            return;
        }
        long updated = ks.put(c.segment(1), TYPE_STRING, newLen, 0, Keyspace.KEEP_TTL | Keyspace.PRESERVE_VALUE);
        if (updated == Keyspace.OOM) {
            r.raw(RespErrors.OOM);
            return;
        }
        c.copyArg(2, ks.segment(updated), ks.valueOffset(updated) + oldLen);
        r.integer(newLen);
    }

    static void strlen(Shard s, RespCommand c, Reply r) {
        long ref = lookupString(s, c, 1, r);
        if (ref != WRONG) {
            r.integer(ref < 0 ? 0 : s.keyspace().valueLength(ref));
        }
    }

    static void incrByArg(Shard s, RespCommand c, Reply r, boolean negate) {
        if (!c.isLong(2)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long delta = c.argLong(2);
        if (negate) {
            if (delta == Long.MIN_VALUE) {
                r.error("ERR decrement would overflow");
                return;
            }
            delta = -delta;
        }
        incrBy(s, c, r, delta);
    }

    static void incrBy(Shard s, RespCommand c, Reply r, long delta) {
        long ref = lookupString(s, c, 1, r);
        if (ref == WRONG) {
            return;
        }
        Keyspace ks = s.keyspace();
        long current = 0;
        if (ref >= 0) {
            current = NumberParser.parseLongOr(ks.segment(ref), ks.valueOffset(ref), ks.valueLength(ref), Long.MIN_VALUE);
            if (current == Long.MIN_VALUE && !isMinLong(ks, ref)) {
                r.raw(RespErrors.NOT_INTEGER);
                return;
            }
        }
        long result = current + delta;
        if (((current ^ result) & (delta ^ result)) < 0) {
            r.raw(RespErrors.OVERFLOW);
            return;
        }
        byte[] digits = Long.toString(result).getBytes(StandardCharsets.US_ASCII);
        if (KeyspaceOps.putBytes(ks, c.segment(1), digits, 0, Keyspace.KEEP_TTL) == Keyspace.OOM) {
            r.raw(RespErrors.OOM);
            return;
        }
        r.integer(result);
    }

    private static boolean isMinLong(Keyspace ks, long ref) {
        byte[] min = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
        if (ks.valueLength(ref) != min.length) {
            return false;
        }
        return MemorySegment.mismatch(ks.segment(ref), ks.valueOffset(ref), ks.valueOffset(ref) + min.length,
                MemorySegment.ofArray(min), 0, min.length) == -1;
    }

    static void incrByFloat(Shard s, RespCommand c, Reply r) {
        String incr = c.argString(2);
        double delta = NumberParser.parseDouble(incr);
        if (Double.isNaN(delta)) {
            r.raw(RespErrors.NOT_FLOAT);
            return;
        }
        long ref = lookupString(s, c, 1, r);
        if (ref == WRONG) {
            return;
        }
        Keyspace ks = s.keyspace();
        String current = "0";
        if (ref >= 0) {
            current = new String(KeyspaceOps.valueBytes(ks, ref), StandardCharsets.US_ASCII);
            if (Double.isNaN(NumberParser.parseDouble(current))) {
                r.raw(RespErrors.NOT_FLOAT);
                return;
            }
        }
        String result = Double.isInfinite(delta) || Double.isInfinite(NumberParser.parseDouble(current))
                ? null : LongDouble.add(current, incr);
        if (result == null) {
            r.error("ERR increment would produce NaN or Infinity");
            return;
        }
        byte[] text = result.getBytes(StandardCharsets.US_ASCII);
        if (KeyspaceOps.putBytes(ks, c.segment(1), text, 0, Keyspace.KEEP_TTL) == Keyspace.OOM) {
            r.raw(RespErrors.OOM);
            return;
        }
        r.bulk(text);
    }

    static void getrange(Shard s, RespCommand c, Reply r) {
        if (!c.isLong(2) || !c.isLong(3)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long start = c.argLong(2);
        long end = c.argLong(3);
        long ref = lookupString(s, c, 1, r);
        if (ref == WRONG) {
            return;
        }
        if (ref < 0) {
            r.bulk(new byte[0]);
            return;
        }
        Keyspace ks = s.keyspace();
        long len = ks.valueLength(ref);
        if (start < 0 && end < 0 && start > end) {
            r.bulk(new byte[0]);
            return;
        }
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= len) {
            end = len - 1;
        }
        if (len == 0 || start > end) {
            r.bulk(new byte[0]);
            return;
        }
        r.bulk(ks.segment(ref), ks.valueOffset(ref) + start, (int) (end - start + 1));
    }

    static void setrange(Shard s, RespCommand c, Reply r) {
        if (!c.isLong(2)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long offset = c.argLong(2);
        if (offset < 0) {
            r.raw(RespErrors.OFFSET_OUT_OF_RANGE);
            return;
        }
        long ref = lookupString(s, c, 1, r);
        if (ref == WRONG) {
            return;
        }
        Keyspace ks = s.keyspace();
        int valueLen = c.length(3);
        int oldLen = ref < 0 ? 0 : ks.valueLength(ref);
        if (valueLen == 0) {
            r.integer(oldLen);
            return;
        }
        if (offset + valueLen > RespLimits.DEFAULTS.maxBulkBytes()) {
            r.raw(RespErrors.STRING_TOO_LONG);
            return;
        }
        long newLen = Math.max(oldLen, offset + valueLen);
        long updated = ks.put(c.segment(1), TYPE_STRING, newLen, 0, Keyspace.KEEP_TTL | Keyspace.PRESERVE_VALUE);
        if (updated == Keyspace.OOM) {
            r.raw(RespErrors.OOM);
            return;
        }
        MemorySegment seg = ks.segment(updated);
        long base = ks.valueOffset(updated);
        if (offset > oldLen) {
            seg.asSlice(base + oldLen, offset - oldLen).fill((byte) 0);
        }
        c.copyArg(3, seg, base + offset);
        r.integer(newLen);
    }

    /** OBJECT ENCODING of a string value, as Redis reports it: int, embstr (&lt;= 44 bytes) or raw. */
    static String encoding(Keyspace ks, long ref) {
        int len = ks.valueLength(ref);
        if (len <= 20 && NumberParser.parseLongOr(ks.segment(ref), ks.valueOffset(ref), len, Long.MIN_VALUE) != Long.MIN_VALUE) {
            return "int";
        }
        return len <= 44 ? "embstr" : "raw";
    }
}
