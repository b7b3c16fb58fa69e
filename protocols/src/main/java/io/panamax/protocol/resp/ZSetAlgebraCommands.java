package io.panamax.protocol.resp;

import static io.panamax.protocol.resp.KeyspaceOps.TYPE_SET;
import static io.panamax.protocol.resp.KeyspaceOps.TYPE_ZSET;

import io.panamax.engine.collection.FieldMap;
import io.panamax.engine.collection.SortedSet;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * ZUNIONSTORE and ZINTERSTORE {@code destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]}
 * (Redis 7.0 t_zset.c zunionInterDiffGenericCommand), whose keys may live on different shards. Sources may be sorted
 * sets or sets (members of a set score 1). The members and scores of every source are copied from its shard, combined
 * on the connection's thread and written to the destination's shard: atomic when every key is on one shard, in
 * phases otherwise (a barrier for the connection; a concurrent client may interleave between the phases).
 */
final class ZSetAlgebraCommands {
    private static final int SUM = 0;
    private static final int MIN = 1;
    private static final int MAX = 2;

    private ZSetAlgebraCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.async("zunionstore", -4, "write denyoom", 1, 1, 1, "write sortedset slow", (s, c, slot) -> combine(s, c, slot, true)));
        t.register(CommandSpec.async("zinterstore", -4, "write denyoom", 1, 1, 1, "write sortedset slow", (s, c, slot) -> combine(s, c, slot, false)));
    }

    /** The scores of one source key: null for a missing key; {@code wrongType} for another type. */
    private record Source(boolean wrongType, Map<ByteBuffer, Double> scores) {}

    private static boolean combine(RespSession session, RespCommand c, ReplySlot slot, boolean union) {
        String name = union ? "zunionstore" : "zinterstore";
        if (!c.isLong(2)) {
            slot.completeWithError("ERR value is not an integer or out of range");
            return false;
        }
        long numKeys = c.argLong(2);
        if (numKeys < 1) {
            slot.completeWithError("ERR at least 1 input key is needed for '" + name + "' command");
            return false;
        }
        if (numKeys > c.argCount() - 3) {
            slot.completeWithError("ERR syntax error");
            return false;
        }
        int n = (int) numKeys;
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(c.argBytes(3 + i));
        }
        double[] weights = new double[n];
        java.util.Arrays.fill(weights, 1.0);
        int[] aggregate = {SUM};
        String optionError = parseOptions(c, 3 + n, n, weights, aggregate);
        byte[] destination = c.argBytes(1);
        fetch(session, slot, keys, sources -> {
            for (Source src : sources) {
                if (src.wrongType) {
                    slot.reply().raw(RespErrors.WRONGTYPE);
                    slot.complete();
                    return;
                }
            }
            if (optionError != null) {
                slot.completeWithError(optionError);
                return;
            }
            Map<ByteBuffer, Double> result = union ? union(sources, weights, aggregate[0]) : inter(sources, weights, aggregate[0]);
            session.onShard(slot, session.shardOf(destination), s -> store(s, destination, result), ok -> {
                if (ok) {
                    slot.reply().integer(result.size());
                } else {
                    slot.reply().raw(RespErrors.OOM);
                }
                slot.complete();
            });
        });
        return !slot.done;
    }

    /** Parses WEIGHTS and AGGREGATE; the error text to reply, or null. */
    private static String parseOptions(RespCommand c, int from, int n, double[] weights, int[] aggregate) {
        for (int j = from; j < c.argCount(); j++) {
            int remaining = c.argCount() - j - 1;
            if (remaining >= n && c.argIs(j, "WEIGHTS")) {
                for (int i = 0; i < n; i++) {
                    weights[i] = NumberParser.parseDouble(c.argString(++j));
                    if (Double.isNaN(weights[i])) {
                        return "ERR weight value is not a float";
                    }
                }
            } else if (remaining >= 1 && c.argIs(j, "AGGREGATE")) {
                j++;
                if (c.argIs(j, "SUM")) {
                    aggregate[0] = SUM;
                } else if (c.argIs(j, "MIN")) {
                    aggregate[0] = MIN;
                } else if (c.argIs(j, "MAX")) {
                    aggregate[0] = MAX;
                } else {
                    return "ERR syntax error";
                }
            } else {
                return "ERR syntax error";
            }
        }
        return null;
    }

    private static double weighted(double score, double weight) {
        double v = score * weight;
        return Double.isNaN(v) ? 0 : v;
    }

    private static double aggregate(double a, double b, int how) {
        return switch (how) {
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            default -> {
                double v = a + b;
                yield Double.isNaN(v) ? 0 : v;
            }
        };
    }

    private static Map<ByteBuffer, Double> union(Source[] sources, double[] weights, int how) {
        Map<ByteBuffer, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].scores == null) {
                continue;
            }
            for (Map.Entry<ByteBuffer, Double> e : sources[i].scores.entrySet()) {
                double v = weighted(e.getValue(), weights[i]);
                out.merge(e.getKey(), v, (a, b) -> aggregate(a, b, how));
            }
        }
        return out;
    }

    private static Map<ByteBuffer, Double> inter(Source[] sources, double[] weights, int how) {
        Map<ByteBuffer, Double> out = new LinkedHashMap<>();
        for (Source src : sources) {
            if (src.scores == null) {
                return out;
            }
        }
        for (Map.Entry<ByteBuffer, Double> e : sources[0].scores.entrySet()) {
            double v = weighted(e.getValue(), weights[0]);
            boolean everywhere = true;
            for (int i = 1; i < sources.length && everywhere; i++) {
                Double other = sources[i].scores.get(e.getKey());
                if (other == null) {
                    everywhere = false;
                } else {
                    v = aggregate(v, weighted(other, weights[i]), how);
                }
            }
            if (everywhere) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static void fetch(RespSession session, ReplySlot slot, List<byte[]> keys, Consumer<Source[]> done) {
        Source[] out = new Source[keys.size()];
        Map<Integer, List<Integer>> byShard = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byShard.computeIfAbsent(session.shardOf(keys.get(i)), k -> new ArrayList<>()).add(i);
        }
        int[] remaining = {byShard.size()};
        for (Map.Entry<Integer, List<Integer>> group : byShard.entrySet()) {
            List<Integer> positions = group.getValue();
            session.onShard(slot, group.getKey(), s -> {
                Source[] part = new Source[positions.size()];
                for (int i = 0; i < part.length; i++) {
                    part[i] = read(s, keys.get(positions.get(i)));
                }
                return part;
            }, part -> {
                for (int i = 0; i < part.length; i++) {
                    out[positions.get(i)] = part[i];
                }
                if (--remaining[0] == 0) {
                    done.accept(out);
                }
            });
        }
    }

    private static Source read(Shard s, byte[] key) {
        Keyspace ks = s.keyspace();
        long ref = ks.lookup(MemorySegment.ofArray(key));
        s.countLookup(ref >= 0);
        if (ref < 0) {
            return new Source(false, null);
        }
        Map<ByteBuffer, Double> scores = new HashMap<>();
        if (ks.type(ref) == TYPE_ZSET) {
            SortedSet.range(ks, ref, 0, SortedSet.count(ks, ref), false, (seg, at, len, score) -> {
                byte[] member = new byte[len];
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, member, 0, len);
                scores.put(ByteBuffer.wrap(member), score);
                return true;
            });
        } else if (ks.type(ref) == TYPE_SET) {
            FieldMap.forEach(ks, ref, e -> scores.put(ByteBuffer.wrap(e.field()), 1.0));
        } else {
            return new Source(true, null);
        }
        return new Source(false, scores);
    }

    /** Replaces {@code key} with a sorted set of {@code result} (deletes it when empty); false on OOM. */
    private static boolean store(Shard s, byte[] key, Map<ByteBuffer, Double> result) {
        Keyspace ks = s.keyspace();
        MemorySegment k = MemorySegment.ofArray(key);
        ks.delete(k);
        for (Map.Entry<ByteBuffer, Double> e : result.entrySet()) {
            if (SortedSet.put(ks, k, TYPE_ZSET, MemorySegment.ofArray(e.getKey().array()), e.getValue()) == SortedSet.OOM) {
                ks.delete(k);
                return false;
            }
        }
        return true;
    }
}
