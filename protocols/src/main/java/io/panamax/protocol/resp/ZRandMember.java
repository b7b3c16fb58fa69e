package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_ZSET;

import io.panamax.engine.collection.SortedSet;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ZRANDMEMBER key [count [WITHSCORES]] (Redis 7.0 t_zset.c zrandmemberCommand / zrandmemberWithCountCommand).
 *
 * <ul>
 *   <li>No count: one random member as a bulk string; missing key: null.
 *   <li>Negative count: {@code |count|} members drawn independently (they may repeat).
 *   <li>Positive count: distinct members; the whole set from the highest rank down when {@code count >= ZCARD} (as
 *       redis-server 7.0.15 replies, checked by DifferentialIT).
 *   <li>WITHSCORES: RESP2 a flat array member, score, ...; RESP3 an array of [member, double] pairs.
 *   <li>Missing key with a count, or count 0: empty array.
 * </ul>
 *
 * Errors as Redis: a count that is not an integer {@code -ERR value is not an integer or out of range}; {@code
 * LONG_MIN} the {@code must between} range error; with WITHSCORES, {@code |count| > LONG_MAX / 2} {@code -ERR value
 * is out of range}; anything but WITHSCORES after the count {@code -ERR syntax error}. A random member is found by a
 * random rank, O(log n) in the skiplist form. Deviation: a negative count whose reply would pass 2^31 - 1 elements gets
 * {@code -ERR value is out of range} instead of a reply of that size.
 */
final class ZRandMember {
    private ZRandMember() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.keyed("zrandmember", -2, "readonly random", 1, 1, 1, "read sortedset slow", ZRandMember::zrandmember));
    }

    static void zrandmember(Shard s, RespCommand c, Reply r) {
        if (c.argCount() == 2) {
            long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
            if (ref == KeyspaceOps.WRONG) {
                return;
            }
            if (ref < 0) {
                r.nullBulk();
                return;
            }
            Keyspace ks = s.keyspace();
            SortedSet.range(ks, ref, ThreadLocalRandom.current().nextLong(SortedSet.count(ks, ref)), 1, false,
                    (seg, at, len, score) -> {
                        r.bulk(seg, at, len);
                        return false;
                    });
            return;
        }
        RandomCountArgs args = RandomCountArgs.parse(c, "WITHSCORES", r);
        if (args == null) {
            return;
        }
        long count = args.count();
        boolean withScores = args.withOption();
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0 || count == 0) {
            r.array(0);
            return;
        }
        Keyspace ks = s.keyspace();
        long size = SortedSet.count(ks, ref);
        boolean pairs = withScores && r.protocol() == 3;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (count < 0 || count == 1) {
            long n = count < 0 ? -count : 1;
            if (n > (withScores ? Integer.MAX_VALUE / 2 : Integer.MAX_VALUE)) {
                r.error("ERR value is out of range"); // Redis would stream it; a reply this size is not built here
                return;
            }
            header(r, n, withScores, pairs);
            for (long i = 0; i < n; i++) {
                emitRank(ks, ref, rnd.nextLong(size), withScores, pairs, r);
            }
            return;
        }
        if (count >= size) {
            header(r, size, withScores, pairs);
            SortedSet.range(ks, ref, 0, size, true, (seg, at, len, score) -> {
                emit(seg.asSlice(at, len).toArray(ValueLayout.JAVA_BYTE), score, withScores, pairs, r);
                return true;
            });
            return;
        }
        List<Long> ranks;
        if (count * 3 > size) {
            // Many of them: every rank, shuffled, cut (Redis's CASE 3 copies the set and drops random members).
            ranks = new ArrayList<>((int) size);
            for (long i = 0; i < size; i++) {
                ranks.add(i);
            }
            Collections.shuffle(ranks, rnd);
            ranks = ranks.subList(0, (int) count);
        } else {
            // Few of them: draw random ranks until enough distinct ones (Redis's CASE 4).
            Set<Long> seen = new HashSet<>();
            ranks = new ArrayList<>((int) count);
            while (ranks.size() < count) {
                long rank = rnd.nextLong(size);
                if (seen.add(rank)) {
                    ranks.add(rank);
                }
            }
        }
        header(r, count, withScores, pairs);
        for (long rank : ranks) {
            emitRank(ks, ref, rank, withScores, pairs, r);
        }
    }

    private static void header(Reply r, long n, boolean withScores, boolean pairs) {
        r.array((int) (withScores && !pairs ? n * 2 : n));
    }

    private static void emitRank(Keyspace ks, long ref, long rank, boolean withScores, boolean pairs, Reply r) {
        SortedSet.range(ks, ref, rank, 1, false, (seg, at, len, score) -> {
            if (pairs) {
                r.array(2);
            }
            r.bulk(seg, at, len);
            if (withScores) {
                r.score(score);
            }
            return false;
        });
    }

    private static void emit(byte[] member, double score, boolean withScores, boolean pairs, Reply r) {
        if (pairs) {
            r.array(2);
        }
        r.bulk(member);
        if (withScores) {
            r.score(score);
        }
    }
}
