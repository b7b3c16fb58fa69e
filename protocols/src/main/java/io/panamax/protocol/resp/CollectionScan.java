package io.panamax.protocol.resp;

import io.panamax.engine.collection.FieldMap;
import io.panamax.engine.collection.SortedSet;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HSCAN, SSCAN and ZSCAN (Redis 7.0 t_hash.c/t_set.c/t_zset.c and db.c scanGenericCommand): {@code key cursor [MATCH
 * pattern] [COUNT count]}, over {@link FieldMap#scan} and {@link SortedSet#scan}. A small (packed) collection is
 * returned whole with cursor 0. ZSCAN replies member, score pairs, the score as a bulk string formatted as Redis's
 * {@code %.17Lg} (in RESP3 too, as Redis does). Every element present for the whole scan is returned at least once,
 * even if the table grows or the encoding converts between calls; elements may repeat.
 */
final class CollectionScan {
    private static final byte[] EMPTY_SCAN = "*2\r\n$1\r\n0\r\n*0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private CollectionScan() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.keyed("hscan", -3, "readonly random", 1, 1, 1, "read hash slow", (s, c, r) -> scan(s, c, r, KeyspaceOps.TYPE_HASH)));
        t.register(CommandSpec.keyed("sscan", -3, "readonly random", 1, 1, 1, "read set slow", (s, c, r) -> scan(s, c, r, KeyspaceOps.TYPE_SET)));
        t.register(CommandSpec.keyed("zscan", -3, "readonly random", 1, 1, 1, "read sortedset slow", (s, c, r) -> scan(s, c, r, KeyspaceOps.TYPE_ZSET)));
    }

    static void scan(Shard s, RespCommand c, Reply r, int type) {
        long cursor;
        try {
            cursor = parseCursor(c.argString(2));
        } catch (NumberFormatException e) {
            r.error("ERR invalid cursor");
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, type, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0) {
            r.raw(EMPTY_SCAN);
            return;
        }
        byte[] pattern = null;
        long count = 10;
        for (int i = 3; i < c.argCount(); i += 2) {
            boolean hasValue = i + 1 < c.argCount();
            if (c.argIs(i, "COUNT") && hasValue) {
                if (!c.isLong(i + 1)) {
                    r.raw(RespErrors.NOT_INTEGER);
                    return;
                }
                count = c.argLong(i + 1);
                if (count < 1) {
                    r.raw(RespErrors.SYNTAX);
                    return;
                }
            } else if (c.argIs(i, "MATCH") && hasValue) {
                pattern = c.argBytes(i + 1);
            } else {
                r.raw(RespErrors.SYNTAX);
                return;
            }
        }
        boolean values = type == KeyspaceOps.TYPE_HASH;
        byte[] match = pattern != null && !(pattern.length == 1 && pattern[0] == '*') ? pattern : null;
        List<byte[]> found = new ArrayList<>();
        long slots = Math.min(count, 1 << 20);
        if (type == KeyspaceOps.TYPE_ZSET) {
            long next = SortedSet.scan(s.keyspace(), ref, cursor, slots, (seg, at, len, score) -> {
                byte[] member = seg.asSlice(at, len).toArray(ValueLayout.JAVA_BYTE);
                if (match == null || Glob.matches(match, member, false)) {
                    found.add(member);
                    found.add(NumberParser.formatScore(score).getBytes(StandardCharsets.US_ASCII));
                }
                return true;
            });
            reply(r, next, found);
            return;
        }
        long next = FieldMap.scan(s.keyspace(), ref, cursor, slots, e -> {
            byte[] field = e.field();
            if (match == null || Glob.matches(match, field, false)) {
                found.add(field);
                if (values) {
                    found.add(e.value());
                }
            }
        });
        reply(r, next, found);
    }

    /**
     * A cursor as Redis's strtoul reads it (db.c parseScanCursorOrReply): optional sign, decimal digits, the whole
     * argument, no leading space, no overflow; a minus sign negates modulo 2^64 and the empty string is 0.
     *
     * @throws NumberFormatException when Redis replies {@code -ERR invalid cursor}
     */
    static long parseCursor(String text) {
        boolean negative = text.startsWith("-");
        String digits = negative || text.startsWith("+") ? text.substring(1) : text;
        if (text.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new NumberFormatException(text);
            }
        }
        long value = Long.parseUnsignedLong(digits); // empty or past 2^64 - 1: NumberFormatException
        return negative ? -value : value;
    }

    private static void reply(Reply r, long next, List<byte[]> found) {
        r.array(2);
        r.bulk(Long.toUnsignedString(next));
        r.array(found.size());
        for (byte[] f : found) {
            r.bulk(f);
        }
    }
}
