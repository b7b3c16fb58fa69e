package io.panamax.protocol.resp;

import io.panamax.engine.collection.SortedSet;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;

/**
 * A score interval ({@code min max}, {@code (} for exclusive, {@code -inf}/{@code +inf}) or a lex interval ({@code
 * [a}, {@code (a}, {@code -}, {@code +}) of a sorted set command (t_zset.c zslParseRange, zslParseLexRange), turned
 * into the rank interval {@code [from, to)} of the elements it holds.
 */
final class ZRange {
    private final boolean lex;
    private final double min;
    private final double max;
    private final boolean minExclusive;
    private final boolean maxExclusive;
    private final MemorySegment minMember; // lex: null = "-" or "+" (see minInfinite)
    private final MemorySegment maxMember;
    private final int minInfinite; // lex: -1 for "-", +1 for "+", 0 for a member
    private final int maxInfinite;

    private ZRange(boolean lex, double min, double max, boolean minExclusive, boolean maxExclusive,
            MemorySegment minMember, MemorySegment maxMember, int minInfinite, int maxInfinite) {
        this.lex = lex;
        this.min = min;
        this.max = max;
        this.minExclusive = minExclusive;
        this.maxExclusive = maxExclusive;
        this.minMember = minMember;
        this.maxMember = maxMember;
        this.minInfinite = minInfinite;
        this.maxInfinite = maxInfinite;
    }

    /** Parses arguments {@code minIndex} and {@code maxIndex}; null after replying the Redis error. */
    static ZRange parse(RespCommand c, int minIndex, int maxIndex, int type, Reply r) {
        if (type == SortedSetCommands.LEX) {
            byte[] a = c.argBytes(minIndex);
            byte[] b = c.argBytes(maxIndex);
            if (!validLex(a) || !validLex(b)) {
                r.error("ERR min or max not valid string range item");
                return null;
            }
            return new ZRange(true, 0, 0, a[0] == '(', b[0] == '(', member(a), member(b), infinite(a), infinite(b));
        }
        String a = c.argString(minIndex);
        String b = c.argString(maxIndex);
        boolean minEx = a.startsWith("(");
        boolean maxEx = b.startsWith("(");
        double min = NumberParser.parseDouble(minEx ? a.substring(1) : a);
        double max = NumberParser.parseDouble(maxEx ? b.substring(1) : b);
        if (Double.isNaN(min) || Double.isNaN(max)) {
            r.error("ERR min or max is not a float");
            return null;
        }
        return new ZRange(false, min, max, minEx, maxEx, null, null, 0, 0);
    }

    private static boolean validLex(byte[] item) {
        if (item.length == 0) {
            return false;
        }
        if (item[0] == '+' || item[0] == '-') {
            return item.length == 1;
        }
        return item[0] == '(' || item[0] == '[';
    }

    private static int infinite(byte[] item) {
        return item[0] == '-' ? -1 : item[0] == '+' ? 1 : 0;
    }

    private static MemorySegment member(byte[] item) {
        if (item[0] == '-' || item[0] == '+') {
            return null;
        }
        return MemorySegment.ofArray(java.util.Arrays.copyOfRange(item, 1, item.length));
    }

    /** {from, to}: the ranks of the first element in the interval and one past the last. */
    long[] ranks(Keyspace ks, long ref) {
        long n = SortedSet.count(ks, ref);
        if (!lex) {
            if (min > max || (min == max && (minExclusive || maxExclusive))) {
                return new long[] {0, 0};
            }
            return new long[] {SortedSet.countBelow(ks, ref, min, minExclusive),
                SortedSet.countBelow(ks, ref, max, !maxExclusive)};
        }
        long from = minInfinite < 0 ? 0 : minInfinite > 0 ? n : SortedSet.countBelowMember(ks, ref, minMember, minExclusive);
        long to = maxInfinite > 0 ? n : maxInfinite < 0 ? 0 : SortedSet.countBelowMember(ks, ref, maxMember, !maxExclusive);
        return new long[] {from, Math.max(from, to)};
    }
}
