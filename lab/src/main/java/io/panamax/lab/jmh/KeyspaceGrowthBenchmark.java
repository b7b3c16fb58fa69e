package io.panamax.lab.jmh;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.keyspace.KeyspaceConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Filling an empty structure with 1,000,000 new keys (16-byte {@code key:%012d}, 64-byte values), every growth of its
 * table included: what a SET of a new key costs while keys accumulate (redis-benchmark's {@code -r 100000000}). Each
 * measured iteration is one fill of a fresh structure; the score is per insert.
 *
 * <ul>
 *   <li>{@link #keyspaceInsert}: the off-heap {@link Keyspace} as a shard creates it (first table for 1024 keys, an
 *       access clock read from a field), native key, the value copied into the record.
 *   <li>{@link #hashMapInsert}: a {@link HashMap} of {@link ByteArrayKey} to {@code byte[]} from its default capacity,
 *       with the key and value copies a heap-map server would make per request.
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(KeyspaceGrowthBenchmark.INSERTS)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class KeyspaceGrowthBenchmark {
    static final int INSERTS = 1_000_000;

    /** A fresh keyspace per iteration, created and closed on the benchmark thread (its arenas are confined). */
    @State(Scope.Thread)
    public static class KeyspaceState {
        Arena arena;
        MemorySegment key;
        MemorySegment value;
        Keyspace keyspace;
        /** The access clock as the shard gives it: a field its loop refreshes, not a clock read per access. */
        long accessClockMs;

        @Setup(Level.Trial)
        public void setUpTrial() {
            arena = Arena.ofConfined();
            key = arena.allocate(BenchmarkData.KEY_BYTES);
            value = arena.allocate(BenchmarkData.VALUE_BYTES);
            MemorySegment.copy(MemorySegment.ofArray(BenchmarkData.value(7)), 0, value, 0, BenchmarkData.VALUE_BYTES);
        }

        @Setup(Level.Iteration)
        public void setUpIteration() {
            accessClockMs = System.currentTimeMillis();
            keyspace = new Keyspace(new KeyspaceConfig(1024, 0, System::currentTimeMillis, () -> accessClockMs));
        }

        @TearDown(Level.Iteration)
        public void tearDownIteration() {
            keyspace.close();
        }

        @TearDown(Level.Trial)
        public void tearDownTrial() {
            arena.close();
        }
    }

    /** A fresh map per iteration. */
    @State(Scope.Thread)
    public static class MapState {
        final byte[] value = BenchmarkData.value(7);
        HashMap<ByteArrayKey, byte[]> map;

        @Setup(Level.Iteration)
        public void setUp() {
            map = new HashMap<>();
        }
    }

    @Benchmark
    public long keyspaceInsert(KeyspaceState s) {
        Keyspace ks = s.keyspace;
        long sum = 0;
        for (int i = 0; i < INSERTS; i++) {
            BenchmarkData.writeHitKey(s.key, i);
            long ref = ks.put(s.key, Keyspace.TYPE_STRING, BenchmarkData.VALUE_BYTES, 0, 0);
            MemorySegment.copy(s.value, 0, ks.segment(ref), ks.valueOffset(ref), BenchmarkData.VALUE_BYTES);
            sum += ref;
        }
        return sum;
    }

    @Benchmark
    public int hashMapInsert(MapState s) {
        for (int i = 0; i < INSERTS; i++) {
            s.map.put(new ByteArrayKey(BenchmarkData.hitKey(i)), s.value.clone());
        }
        return s.map.size();
    }
}
