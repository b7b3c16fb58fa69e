package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_ZSET;

import io.panamax.engine.collection.SortedSet;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;

/**
 * {@code ZQUERY key score member offset limit}, the sorted set query of Build Your Own Redis (chapter "Sorted Set",
 * {@code do_zquery}) as the seed mini-kv serves it and specs/resp.md words it: seek to the first element at or above
 * the pair (score, member) in (score, member bytes) order, move {@code offset} elements (negative moves towards lower
 * scores), and return up to {@code limit} elements from there as a flat array {@code member, score, ...} (the score a
 * bulk string in RESP2, a double in RESP3, as ZRANGE's scores).
 *
 * <p>Empty array when the key is missing, when no element is at or above the pair (the seek finds nothing, whatever
 * the offset, as {@code znode_offset(NULL, ...)}), when the offset leaves the set, or when {@code limit <= 0}.
 * Errors: a score that is not a float or is NaN {@code -ERR value is not a valid float}; offset or limit not an
 * integer {@code -ERR value is not an integer or out of range}; WRONGTYPE. O(log n + limit) in the skiplist form.
 */
final class ZQuery {
    private ZQuery() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.keyed("zquery", 6, "readonly", 1, 1, 1, "read sortedset slow", ZQuery::zquery));
    }

    static void zquery(Shard s, RespCommand c, Reply r) {
        double score = NumberParser.parseDouble(c.argString(2));
        if (Double.isNaN(score)) {
            r.raw(RespErrors.NOT_FLOAT);
            return;
        }
        if (!c.isLong(4) || !c.isLong(5)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        long offset = c.argLong(4);
        long limit = c.argLong(5);
        long ref = KeyspaceOps.lookupTyped(s, c, 1, TYPE_ZSET, r);
        if (ref == KeyspaceOps.WRONG) {
            return;
        }
        if (ref < 0 || limit <= 0) {
            r.array(0);
            return;
        }
        Keyspace ks = s.keyspace();
        long n = SortedSet.count(ks, ref);
        MemorySegment member = c.segment(3);
        long seek = SortedSet.countBelowPair(ks, ref, score, member);
        if (seek >= n || offset < -seek || offset >= n - seek) {
            r.array(0);
            return;
        }
        long start = seek + offset;
        long count = Math.min(limit, n - start);
        r.array((int) (count * 2));
        SortedSet.range(ks, ref, start, count, false, (seg, at, len, sc) -> {
            r.bulk(seg, at, len);
            r.score(sc);
            return true;
        });
    }
}
