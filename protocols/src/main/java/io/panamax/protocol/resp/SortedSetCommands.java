package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_ZSET;

import io.panamax.engine.collection.SortedSet;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Sorted set commands: ZADD (NX|XX, GT|LT, CH, INCR), ZINCRBY, ZSCORE, ZMSCORE, ZREM, ZCARD, ZCOUNT, ZLEXCOUNT, ZRANK,
 * ZREVRANK, ZRANGE (BYSCORE|BYLEX, REV, LIMIT, WITHSCORES), ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX,
 * ZREVRANGEBYLEX, ZREVRANGE, ZPOPMIN, ZPOPMAX, ZREMRANGEBYRANK/BYSCORE/BYLEX. Semantics, reply types and error texts
 * follow Redis 7.0 (t_zset.c); scores are replied as {@code %.17g} ({@link Reply#score(double)}). Every range is
 * turned into a rank interval ({@link SortedSet#countBelow}) and then walked ({@link SortedSet#range}).
 */
final class SortedSetCommands {
    private static final byte[] NOT_POSITIVE = RespErrors.encode("ERR value is out of range, must be positive");
    private static final byte[] SCORE_RANGE = RespErrors.encode("ERR min or max is not a float");
    private static final byte[] LEX_RANGE = RespErrors.encode("ERR min or max not valid string range item");
    private static final byte[] NAN_RESULT = RespErrors.encode("ERR resulting score is not a number (NaN)");

    static final int AUTO = 0;
    static final int RANK = 1;
    static final int SCORE = 2;
    static final int LEX = 3;

    private SortedSetCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.keyed("zadd", -4, "write denyoom fast", 1, 1, 1, "write sortedset fast", SortedSetCommands::zadd));
        t.register(CommandSpec.keyed("zincrby", 4, "write denyoom fast", 1, 1, 1, "write sortedset fast", SortedSetCommands::zincrby));
        t.register(CommandSpec.keyed("zscore", 3, "readonly fast", 1, 1, 1, "read sortedset fast", SortedSetCommands::zscore));
        t.register(CommandSpec.keyed("zmscore", -3, "readonly fast", 1, 1, 1, "read sortedset fast", SortedSetCommands::zmscore));
        t.register(CommandSpec.keyed("zrem", -3, "write fast", 1, 1, 1, "write sortedset fast", SortedSetCommands::zrem));
        t.register(CommandSpec.keyed("zcard", 2, "readonly fast", 1, 1, 1, "read sortedset fast", SortedSetCommands::zcard));
        t.register(CommandSpec.keyed("zcount", 4, "readonly fast", 1, 1, 1, "read sortedset fast", (s, c, r) -> zcount(s, c, r, SCORE)));
        t.register(CommandSpec.keyed("zlexcount", 4, "readonly fast", 1, 1, 1, "read sortedset fast", (s, c, r) -> zcount(s, c, r, LEX)));
        t.register(CommandSpec.keyed("zrank", 3, "readonly fast", 1, 1, 1, "read sortedset fast", (s, c, r) -> zrank(s, c, r, false)));
        t.register(CommandSpec.keyed("zrevrank", 3, "readonly fast", 1, 1, 1, "read sortedset fast", (s, c, r) -> zrank(s, c, r, true)));
        t.register(CommandSpec.keyed("zrange", -4, "readonly", 1, 1, 1, "read sortedset slow", (s, c, r) -> zrange(s, c, r, AUTO, false, false)));
        t.register(CommandSpec.keyed("zrangebyscore", -4, "readonly", 1, 1, 1, "read sortedset slow", (s, c, r) -> zrange(s, c, r, SCORE, false, true)));
        t.register(CommandSpec.keyed("zrevrangebyscore", -4, "readonly", 1, 1, 1, "read sortedset slow", (s, c, r) -> zrange(s, c, r, SCORE, true, true)));
        t.register(CommandSpec.keyed("zrangebylex", -4, "readonly", 1, 1, 1, "read sortedset slow", (s, c, r) -> zrange(s, c, r, LEX, false, true)));
        t.register(CommandSpec.keyed("zrevrangebylex", -4, "readonly", 1, 1, 1, "read sortedset slow", (s, c, r) -> zrange(s, c, r, LEX, true, true)));
        t.register(CommandSpec.keyed("zrevrange", -4, "readonly", 1, 1, 1, "read sortedset slow", (s, c, r) -> zrange(s, c, r, RANK, true, true)));
        t.register(CommandSpec.keyed("zpopmin", -2, "write fast", 1, 1, 1, "write sortedset fast", (s, c, r) -> zpop(s, c, r, false)));
        t.register(CommandSpec.keyed("zpopmax", -2, "write fast", 1, 1, 1, "write sortedset fast", (s, c, r) -> zpop(s, c, r, true)));
        t.register(CommandSpec.keyed("zremrangebyrank", 4, "write", 1, 1, 1, "write sortedset slow", (s, c, r) -> zremrange(s, c, r, RANK)));
        t.register(CommandSpec.keyed("zremrangebyscore", 4, "write", 1, 1, 1, "write sortedset slow", (s, c, r) -> zremrange(s, c, r, SCORE)));
        t.register(CommandSpec.keyed("zremrangebylex", 4, "write", 1, 1, 1, "write sortedset slow", (s, c, r) -> zremrange(s, c, r, LEX)));
    }

    static void zadd(Shard s, RespCommand c, Reply r) {
        boolean nx = false, xx = false, gt = false, lt = false, ch = false, incr = false;
        int i = 2;
        for (; i < c.argCount(); i++) {
            if (c.argIs(i, "NX")) {
                nx = true;
            } else if (c.argIs(i, "XX")) {
                xx = true;
            } else if (c.argIs(i, "GT")) {
                gt = true;
            } else if (c.argIs(i, "LT")) {
                lt = true;
            } else if (c.argIs(i, "CH")) {
                ch = true;
            } else if (c.argIs(i, "INCR")) {
                incr = true;
            } else {
                break;
            }
        }
        int elements = c.argCount() - i;
        if (elements == 0 || elements % 2 != 0) {
            r.raw(RespErrors.SYNTAX);
            return;
        }
        if (nx && xx) {
            r.error("ERR XX and NX options at the same time are not compatible");
            return;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            r.error("ERR GT, LT, and/or NX options at the same time are not compatible");
            return;
        }
        if (incr && elements > 2) {
            r.error("ERR INCR option supports a single increment-element pair");
            return;
        }
        double[] scores = new double[elements / 2];
        for (int j = 0; j < scores.length; j++) {
            scores[j] = NumberParser.parseDouble(c.argString(i + 2 * j));
            if (Double.isNaN(scores[j])) {
                r.raw(RespErrors.NOT_FLOAT);
                return;
            }
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0 && xx) {
            if (incr) {
                r.nullBulk();
            } else {
                r.integer(0);
            }
            return;
        }
        Keyspace ks = s.keyspace();
        int flags = (nx ? SortedSet.NX : 0) | (xx ? SortedSet.XX : 0) | (gt ? SortedSet.GT : 0)
                | (lt ? SortedSet.LT : 0) | (incr ? SortedSet.INCR : 0);
        double[] scoreOut = incr ? new double[1] : null;
        long added = 0;
        long updated = 0;
        boolean processed = false;
        double result = 0;
        for (int j = 0; j < scores.length; j++) {
            int status = SortedSet.add(ks, c.segment(1), TYPE_ZSET, c.segment(i + 2 * j + 1), scores[j], flags,
                    scoreOut);
            if (status == SortedSet.OOM) {
                r.raw(RespErrors.OOM);
                return;
            }
            if (status == SortedSet.NAN_SCORE) {
                r.raw(NAN_RESULT);
                return;
            }
            if (status == SortedSet.SKIPPED) {
                continue;
            }
            added += status == SortedSet.ADDED ? 1 : 0;
            updated += status == SortedSet.UPDATED ? 1 : 0;
            processed = true;
            if (incr) {
                result = scoreOut[0];
            }
        }
        if (incr) {
            if (processed) {
                r.score(result);
            } else {
                r.nullBulk();
            }
        } else {
            r.integer(ch ? added + updated : added);
        }
    }

    static void zincrby(Shard s, RespCommand c, Reply r) {
        double delta = NumberParser.parseDouble(c.argString(2));
        if (Double.isNaN(delta)) {
            r.raw(RespErrors.NOT_FLOAT);
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        double[] score = new double[1];
        int status = SortedSet.add(s.keyspace(), c.segment(1), TYPE_ZSET, c.segment(3), delta, SortedSet.INCR, score);
        if (status == SortedSet.NAN_SCORE) {
            r.raw(NAN_RESULT);
            return;
        }
        if (status == SortedSet.OOM) {
            r.raw(RespErrors.OOM);
            return;
        }
        r.score(score[0]);
    }

    static void zscore(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        double score = ref < 0 ? Double.NaN : SortedSet.score(s.keyspace(), ref, c.segment(2));
        if (Double.isNaN(score)) {
            r.nullBulk();
        } else {
            r.score(score);
        }
    }

    static void zmscore(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        r.array(c.argCount() - 2);
        for (int i = 2; i < c.argCount(); i++) {
            double score = ref < 0 ? Double.NaN : SortedSet.score(s.keyspace(), ref, c.segment(i));
            if (Double.isNaN(score)) {
                r.nullBulk();
            } else {
                r.score(score);
            }
        }
    }

    static void zrem(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        int removed = 0;
        for (int i = 2; i < c.argCount() && ref >= 0; i++) {
            removed += SortedSet.remove(s.keyspace(), c.segment(1), c.segment(i)) ? 1 : 0;
        }
        r.integer(removed);
    }

    static void zcard(Shard s, RespCommand c, Reply r) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref != KeyspaceOps.WRONG) {
            r.integer(ref < 0 ? 0 : SortedSet.count(s.keyspace(), ref));
        }
    }

    static void zcount(Shard s, RespCommand c, Reply r, int type) {
        ZRange range = ZRange.parse(c, 2, 3, type, r);
        if (range == null) {
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0) {
            r.integer(0);
            return;
        }
        long[] ranks = range.ranks(s.keyspace(), ref);
        r.integer(Math.max(0, ranks[1] - ranks[0]));
    }

    static void zrank(Shard s, RespCommand c, Reply r, boolean reverse) {
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        long rank = ref < 0 ? -1 : SortedSet.rank(s.keyspace(), ref, c.segment(2));
        if (rank < 0) {
            r.nullBulk();
        } else {
            r.integer(reverse ? SortedSet.count(s.keyspace(), ref) - 1 - rank : rank);
        }
    }

    /**
     * ZRANGE and its older forms (t_zset.c zrangeGenericCommand): {@code type} and {@code reverse} are preset by the
     * older forms ({@code fixed}), chosen by BYSCORE/BYLEX/REV for ZRANGE.
     */
    static void zrange(Shard s, RespCommand c, Reply r, int type, boolean reverse, boolean fixed) {
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        boolean limitGiven = false;
        boolean revGiven = fixed;
        for (int j = 4; j < c.argCount(); j++) {
            int left = c.argCount() - j - 1;
            if (c.argIs(j, "WITHSCORES")) {
                withScores = true;
            } else if (c.argIs(j, "LIMIT") && left >= 2) {
                if (!c.isLong(j + 1) || !c.isLong(j + 2)) {
                    r.raw(RespErrors.NOT_INTEGER);
                    return;
                }
                offset = c.argLong(j + 1);
                limit = c.argLong(j + 2);
                limitGiven = true;
                j += 2;
            } else if (!revGiven && c.argIs(j, "REV")) {
                reverse = true;
                revGiven = true;
            } else if (type == AUTO && c.argIs(j, "BYLEX")) {
                type = LEX;
            } else if (type == AUTO && c.argIs(j, "BYSCORE")) {
                type = SCORE;
            } else {
                r.raw(RespErrors.SYNTAX);
                return;
            }
        }
        if (type == AUTO) {
            type = RANK;
        }
        if (limitGiven && type == RANK) {
            r.error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            return;
        }
        if (withScores && type == LEX) {
            r.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
            return;
        }
        boolean swap = reverse && type != RANK;
        ZRange range = type == RANK ? null : ZRange.parse(c, swap ? 3 : 2, swap ? 2 : 3, type, r);
        if (type != RANK && range == null) {
            return;
        }
        if (type == RANK && (!c.isLong(2) || !c.isLong(3))) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0) {
            r.array(0);
            return;
        }
        Keyspace ks = s.keyspace();
        long n = SortedSet.count(ks, ref);
        long start;
        long count;
        if (type == RANK) {
            long[] window = rankWindow(c.argLong(2), c.argLong(3), n);
            start = window[0];
            count = window[1];
        } else {
            long[] ranks = range.ranks(ks, ref);
            long size = Math.max(0, ranks[1] - ranks[0]);
            start = reverse ? n - ranks[1] : ranks[0];
            if (offset < 0 || offset >= size) {
                size = 0;
            } else {
                start += offset;
                size -= offset;
            }
            count = limit < 0 ? size : Math.min(limit, size);
        }
        replyRange(ks, ref, start, count, reverse, withScores, r);
    }

    /** {start, count} of ranks {@code start..end} (negative from the end) clamped to {@code n} elements. */
    private static long[] rankWindow(long start, long end, long n) {
        if (start < 0) {
            start += n;
        }
        if (end < 0) {
            end += n;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= n) {
            return new long[] {0, 0};
        }
        if (end >= n) {
            end = n - 1;
        }
        return new long[] {start, end - start + 1};
    }

    private static void replyRange(Keyspace ks, long ref, long start, long count, boolean reverse, boolean withScores,
            Reply r) {
        boolean pairs = withScores && r.protocol() == 3;
        r.array((int) (withScores && !pairs ? count * 2 : count));
        if (count == 0) {
            return;
        }
        SortedSet.range(ks, ref, start, count, reverse, (seg, at, len, score) -> {
            if (pairs) {
                r.array(2);
            }
            r.bulk(seg, at, len);
            if (withScores) {
                r.score(score);
            }
            return true;
        });
    }

    static void zpop(Shard s, RespCommand c, Reply r, boolean max) {
        if (c.argCount() > 3) {
            r.raw(RespErrors.SYNTAX);
            return;
        }
        long count = 1;
        if (c.argCount() == 3) {
            if (!c.isLong(2) || c.argLong(2) < 0) {
                r.raw(NOT_POSITIVE);
                return;
            }
            count = c.argLong(2);
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0 || count == 0) {
            r.array(0);
            return;
        }
        Keyspace ks = s.keyspace();
        int n = (int) Math.min(count, SortedSet.count(ks, ref));
        boolean pairs = c.argCount() == 3 && r.protocol() == 3;
        r.array(pairs ? n : n * 2);
        SortedSet.pop(ks, c.segment(1), n, max, (seg, at, len, score) -> {
            if (pairs) {
                r.array(2);
            }
            r.bulk(seg, at, len);
            r.score(score);
            return true;
        });
    }

    static void zremrange(Shard s, RespCommand c, Reply r, int type) {
        ZRange range = null;
        if (type == RANK) {
            if (!c.isLong(2) || !c.isLong(3)) {
                r.raw(RespErrors.NOT_INTEGER);
                return;
            }
        } else {
            range = ZRange.parse(c, 2, 3, type, r);
            if (range == null) {
                return;
            }
        }
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0) {
            r.integer(0);
            return;
        }
        Keyspace ks = s.keyspace();
        long start;
        long count;
        if (type == RANK) {
            long[] window = rankWindow(c.argLong(2), c.argLong(3), SortedSet.count(ks, ref));
            start = window[0];
            count = window[1];
        } else {
            long[] ranks = range.ranks(ks, ref);
            start = ranks[0];
            count = Math.max(0, ranks[1] - ranks[0]);
        }
        List<Object[]> doomed = collect(ks, ref, start, count, false);
        for (Object[] d : doomed) {
            SortedSet.remove(ks, c.segment(1), MemorySegment.ofArray((byte[]) d[0]));
        }
        r.integer(doomed.size());
    }

    /** Copies of {member, score} for {@code count} elements from rank {@code start}. */
    private static List<Object[]> collect(Keyspace ks, long ref, long start, long count, boolean reverse) {
        List<Object[]> out = new ArrayList<>();
        SortedSet.range(ks, ref, start, count, reverse, (seg, at, len, score) -> {
            byte[] member = new byte[len];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, member, 0, len);
            out.add(new Object[] {member, score});
            return true;
        });
        return out;
    }
}
