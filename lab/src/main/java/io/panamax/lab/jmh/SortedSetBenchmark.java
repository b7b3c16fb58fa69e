package io.panamax.lab.jmh;

import io.panamax.engine.collection.SortedSet;
import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.keyspace.KeyspaceConfig;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sorted set of {@code size} members (16-byte members, integer scores in [0, size/4), so ties are ordered by
 * member bytes): the off-heap {@link SortedSet} (member table + skiplist in keyspace chunks) against the two on-heap
 * designs a Java server would use, member -> score map plus an ordered map on (score, member): {@link HashMap} +
 * {@link TreeMap} and {@link ConcurrentHashMap} + {@link ConcurrentSkipListMap}. Single-threaded, like a shard.
 *
 * <ul>
 *   <li>{@code add}: insert a member that is not present and remove it again (size stays constant).
 *   <li>{@code score}: score of a random present member (ZSCORE).
 *   <li>{@code rank}: 0-based rank of a random present member (ZRANK). The JDK maps have no order statistics, so
 *       theirs is {@code headMap(element).size()}, O(n) - that is the point of the comparison.
 *   <li>{@code range}: the 10 elements from the first one with score >= a random score (ZRANGEBYSCORE ... LIMIT 0
 *       10), each member and score consumed.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SortedSetBenchmark {
    private static final int TYPE_ZSET = 4;
    private static final int RANGE = 10;

    /** Members in the set. */
    @Param({"100000"})
    public int size;

    /** (score, member bytes unsigned) as Redis orders. */
    record Element(double score, byte[] member) {}

    static final Comparator<Element> ORDER = (a, b) -> {
        int c = Double.compare(a.score, b.score);
        return c != 0 ? c : Arrays.compareUnsigned(a.member, b.member);
    };

    private Keyspace keyspace;
    private MemorySegment key;
    private byte[][] members;
    private MemorySegment[] memberSegments;
    private double[] scores;
    private MemorySegment fresh;
    private byte[] freshBytes;
    private HashMap<ByteArrayKey, Double> hashScores;
    private TreeMap<Element, Boolean> tree;
    private ConcurrentHashMap<ByteArrayKey, Double> concurrentScores;
    private ConcurrentSkipListMap<Element, Boolean> skipList;
    private final SplittableRandom rnd = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void setUp() {
        keyspace = new Keyspace(KeyspaceConfig.defaults());
        key = MemorySegment.ofArray("zset".getBytes(StandardCharsets.US_ASCII));
        members = new byte[size][];
        memberSegments = new MemorySegment[size];
        scores = new double[size];
        hashScores = new HashMap<>();
        tree = new TreeMap<>(ORDER);
        concurrentScores = new ConcurrentHashMap<>();
        skipList = new ConcurrentSkipListMap<>(ORDER);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < size; i++) {
            members[i] = String.format("member:%09d", i).getBytes(StandardCharsets.US_ASCII);
            memberSegments[i] = MemorySegment.ofArray(members[i]);
            scores[i] = r.nextInt(Math.max(1, size / 4));
            SortedSet.put(keyspace, key, TYPE_ZSET, memberSegments[i], scores[i]);
            hashScores.put(new ByteArrayKey(members[i]), scores[i]);
            tree.put(new Element(scores[i], members[i]), Boolean.TRUE);
            concurrentScores.put(new ByteArrayKey(members[i]), scores[i]);
            skipList.put(new Element(scores[i], members[i]), Boolean.TRUE);
        }
        freshBytes = "fresh:0000000000".getBytes(StandardCharsets.US_ASCII);
        fresh = MemorySegment.ofArray(freshBytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        keyspace.close();
    }

    private int pick() {
        return rnd.nextInt(size);
    }

    // ------------------------------------------------------------------------------------------------------- add

    @Benchmark
    public int addOffHeap() {
        double s = rnd.nextInt(Math.max(1, size / 4));
        int status = SortedSet.put(keyspace, key, TYPE_ZSET, fresh, s);
        SortedSet.remove(keyspace, key, fresh);
        return status;
    }

    @Benchmark
    public Object addTreeMap() {
        double s = rnd.nextInt(Math.max(1, size / 4));
        ByteArrayKey k = new ByteArrayKey(freshBytes);
        hashScores.put(k, s);
        tree.put(new Element(s, freshBytes), Boolean.TRUE);
        Double old = hashScores.remove(k);
        return tree.remove(new Element(old, freshBytes));
    }

    @Benchmark
    public Object addSkipList() {
        double s = rnd.nextInt(Math.max(1, size / 4));
        ByteArrayKey k = new ByteArrayKey(freshBytes);
        concurrentScores.put(k, s);
        skipList.put(new Element(s, freshBytes), Boolean.TRUE);
        Double old = concurrentScores.remove(k);
        return skipList.remove(new Element(old, freshBytes));
    }

    // ----------------------------------------------------------------------------------------------------- score

    @Benchmark
    public double scoreOffHeap() {
        return SortedSet.score(keyspace, keyspace.lookup(key), memberSegments[pick()]);
    }

    @Benchmark
    public Double scoreTreeMap() {
        return hashScores.get(new ByteArrayKey(members[pick()]));
    }

    @Benchmark
    public Double scoreSkipList() {
        return concurrentScores.get(new ByteArrayKey(members[pick()]));
    }

    // ------------------------------------------------------------------------------------------------------ rank

    @Benchmark
    public long rankOffHeap() {
        return SortedSet.rank(keyspace, keyspace.lookup(key), memberSegments[pick()]);
    }

    @Benchmark
    public int rankTreeMap() {
        int i = pick();
        return tree.headMap(new Element(hashScores.get(new ByteArrayKey(members[i])), members[i]), false).size();
    }

    @Benchmark
    public int rankSkipList() {
        int i = pick();
        return skipList.headMap(new Element(concurrentScores.get(new ByteArrayKey(members[i])), members[i]), false).size();
    }

    // ----------------------------------------------------------------------------------------------------- range

    @Benchmark
    public double rangeOffHeap() {
        long ref = keyspace.lookup(key);
        double from = rnd.nextInt(Math.max(1, size / 4));
        long start = SortedSet.countBelow(keyspace, ref, from, false);
        double[] sum = {0};
        SortedSet.range(keyspace, ref, start, RANGE, false, (seg, at, len, score) -> {
            sum[0] += score + seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at + len - 1);
            return true;
        });
        return sum[0];
    }

    @Benchmark
    public double rangeTreeMap() {
        return sumRange(tree);
    }

    @Benchmark
    public double rangeSkipList() {
        return sumRange(skipList);
    }

    private double sumRange(NavigableMap<Element, Boolean> map) {
        double from = rnd.nextInt(Math.max(1, size / 4));
        Iterator<Map.Entry<Element, Boolean>> it = map.tailMap(new Element(from, new byte[0]), true).entrySet().iterator();
        double sum = 0;
        for (int k = 0; k < RANGE && it.hasNext(); k++) {
            Element e = it.next().getKey();
            sum += e.score + e.member[e.member.length - 1];
        }
        return sum;
    }
}
