package io.panamax.protocol.resp;

import io.panamax.engine.collection.FieldMap;
import io.panamax.engine.keyspace.Keyspace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random entries of a field map with Redis's count semantics (HRANDFIELD, SRANDMEMBER, SPOP): a negative count
 * returns {@code |count|} entries that may repeat; a positive count returns distinct entries, the whole map (in map
 * order) when {@code count >= size}.
 */
final class RandomPicks {
    private RandomPicks() {}

    /** {field, value-or-null} pairs picked from the non-empty map at {@code ref}. */
    static List<byte[][]> pick(Keyspace ks, long ref, long count, boolean withValues) {
        int size = FieldMap.count(ks, ref);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (count < 0) {
            long n = -count;
            List<byte[][]> out = new ArrayList<>((int) Math.min(n, 1 << 16));
            FieldMap.Entry e = new FieldMap.Entry();
            for (long i = 0; i < n; i++) {
                FieldMap.random(ks, ref, rnd, e);
                out.add(new byte[][] {e.field(), withValues ? e.value() : null});
            }
            return out;
        }
        if (count >= size) {
            return HashCommands.entries(ks, ref, withValues);
        }
        if (count * 3 > size) {
            // Many of them: copy all, then drop random ones (Redis's CASE 3).
            List<byte[][]> all = HashCommands.entries(ks, ref, withValues);
            Collections.shuffle(all, rnd);
            return new ArrayList<>(all.subList(0, (int) count));
        }
        // Few of them: draw until enough distinct ones (Redis's CASE 4).
        Set<ByteBuffer> seen = new HashSet<>();
        List<byte[][]> out = new ArrayList<>((int) count);
        FieldMap.Entry e = new FieldMap.Entry();
        while (out.size() < count) {
            FieldMap.random(ks, ref, rnd, e);
            byte[] field = e.field();
            if (seen.add(ByteBuffer.wrap(field))) {
                out.add(new byte[][] {field, withValues ? e.value() : null});
            }
        }
        return out;
    }
}
