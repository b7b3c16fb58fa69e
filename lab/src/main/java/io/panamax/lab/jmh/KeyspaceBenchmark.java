package io.panamax.lab.jmh;

import static io.panamax.lab.jmh.BenchmarkData.ENTRY_COUNT;
import static io.panamax.lab.jmh.BenchmarkData.KEY_BYTES;
import static io.panamax.lab.jmh.BenchmarkData.VALUE_BYTES;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One shard's point operations on 1,000,000 preloaded entries (16-byte keys, 64-byte values), random keys over the
 * whole keyspace: the off-heap {@link Keyspace} against {@link HashMap} and {@link ConcurrentHashMap} of
 * {@link ByteArrayKey} to {@code byte[]}. Single-threaded, like a shard.
 *
 * <ul>
 *   <li>{@code keyspace*Native}: keys are precomputed slices of one native segment, as the server passes request
 *       bytes from a direct buffer.
 *   <li>{@code keyspace*Address}: keys are wrapped per call with {@code MemorySegment.ofAddress(address)
 *       .reinterpret(16)} over the same native bytes, as {@code RespCommand.segment} does for a direct buffer;
 *       whether that wrapper is allocated shows in {@code gc.alloc.rate.norm}.
 *   <li>{@code keyspace*Heap}: keys are wrapped per call with {@link MemorySegment#ofArray(byte[])}, as a caller
 *       holding a {@code byte[]} would; whether that wrapper is allocated shows in {@code gc.alloc.rate.norm}.
 *   <li>Map lookups use precomputed {@link ByteArrayKey}s over copies of the stored key bytes (equal, not
 *       identical), so they hash and compare bytes but allocate no key; a heap-map server would also allocate a
 *       key per request. Map puts store a fresh copy of the value, since a stored value must outlive the request
 *       buffer it arrived in; the keyspace copies the value into its record instead.
 * </ul>
 *
 * <p>Get hit consumes the value: its length and one byte (keyspace: {@code valueLength}, {@code segment},
 * {@code valueOffset}). Put overwrites an existing key with a value of the same size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KeyspaceBenchmark {

    /** The off-heap keyspace, created, loaded and closed on the benchmark thread (it is confined to it). */
    @State(Scope.Thread)
    public static class KeyspaceState {
        final BenchmarkData.IndexSequence order = new BenchmarkData.IndexSequence(ENTRY_COUNT);
        KeyspaceFixture fixture;

        @Setup
        public void setUp() {
            fixture = KeyspaceFixture.load(ENTRY_COUNT);
        }

        @TearDown
        public void tearDown() {
            fixture.close();
        }
    }

    /** A {@link HashMap} loaded on the benchmark thread. */
    @State(Scope.Thread)
    public static class HashMapState {
        final BenchmarkData.IndexSequence order = new BenchmarkData.IndexSequence(ENTRY_COUNT);
        MapFixture fixture;

        @Setup
        public void setUp() {
            fixture = MapFixture.load(new HashMap<>(), ENTRY_COUNT);
        }
    }

    /** A {@link ConcurrentHashMap} loaded on the benchmark thread. */
    @State(Scope.Thread)
    public static class ConcurrentHashMapState {
        final BenchmarkData.IndexSequence order = new BenchmarkData.IndexSequence(ENTRY_COUNT);
        MapFixture fixture;

        @Setup
        public void setUp() {
            fixture = MapFixture.load(new ConcurrentHashMap<>(), ENTRY_COUNT);
        }
    }

    // ---- get hit ----

    @Benchmark
    public int keyspaceGetHitNative(KeyspaceState s) {
        return readValue(s.fixture.keyspace, s.fixture.hitKeys[s.order.next()]);
    }

    @Benchmark
    public int keyspaceGetHitAddress(KeyspaceState s) {
        return readValue(s.fixture.keyspace, wrapAddress(s.fixture.hitKeys[s.order.next()]));
    }

    @Benchmark
    public int keyspaceGetHitHeap(KeyspaceState s) {
        return readValue(s.fixture.keyspace, MemorySegment.ofArray(s.fixture.hitKeyBytes[s.order.next()]));
    }

    @Benchmark
    public int hashMapGetHit(HashMapState s) {
        return readValue(s.fixture.map, s.fixture.hitKeys[s.order.next()]);
    }

    @Benchmark
    public int concurrentHashMapGetHit(ConcurrentHashMapState s) {
        return readValue(s.fixture.map, s.fixture.hitKeys[s.order.next()]);
    }

    // ---- get miss ----

    @Benchmark
    public long keyspaceGetMissNative(KeyspaceState s) {
        return s.fixture.keyspace.lookup(s.fixture.missKeys[s.order.next()]);
    }

    @Benchmark
    public long keyspaceGetMissAddress(KeyspaceState s) {
        return s.fixture.keyspace.lookup(wrapAddress(s.fixture.missKeys[s.order.next()]));
    }

    @Benchmark
    public long keyspaceGetMissHeap(KeyspaceState s) {
        return s.fixture.keyspace.lookup(MemorySegment.ofArray(s.fixture.missKeyBytes[s.order.next()]));
    }

    @Benchmark
    public byte[] hashMapGetMiss(HashMapState s) {
        return s.fixture.map.get(s.fixture.missKeys[s.order.next()]);
    }

    @Benchmark
    public byte[] concurrentHashMapGetMiss(ConcurrentHashMapState s) {
        return s.fixture.map.get(s.fixture.missKeys[s.order.next()]);
    }

    // ---- put overwrite, same value size ----

    @Benchmark
    public long keyspacePutNative(KeyspaceState s) {
        Keyspace ks = s.fixture.keyspace;
        long ref = ks.put(s.fixture.hitKeys[s.order.next()], Keyspace.TYPE_STRING, VALUE_BYTES, 0, 0);
        MemorySegment.copy(s.fixture.value, 0, ks.segment(ref), ks.valueOffset(ref), VALUE_BYTES);
        return ref;
    }

    @Benchmark
    public long keyspacePutAddress(KeyspaceState s) {
        Keyspace ks = s.fixture.keyspace;
        long ref = ks.put(wrapAddress(s.fixture.hitKeys[s.order.next()]), Keyspace.TYPE_STRING, VALUE_BYTES, 0, 0);
        MemorySegment.copy(s.fixture.value, 0, ks.segment(ref), ks.valueOffset(ref), VALUE_BYTES);
        return ref;
    }

    @Benchmark
    public long keyspacePutHeap(KeyspaceState s) {
        Keyspace ks = s.fixture.keyspace;
        MemorySegment key = MemorySegment.ofArray(s.fixture.hitKeyBytes[s.order.next()]);
        long ref = ks.put(key, Keyspace.TYPE_STRING, VALUE_BYTES, 0, 0);
        MemorySegment.copy(s.fixture.valueBytes, 0, ks.segment(ref), ValueLayout.JAVA_BYTE, ks.valueOffset(ref),
                VALUE_BYTES);
        return ref;
    }

    @Benchmark
    public byte[] hashMapPut(HashMapState s) {
        return s.fixture.map.put(s.fixture.hitKeys[s.order.next()], Arrays.copyOf(s.fixture.value, VALUE_BYTES));
    }

    @Benchmark
    public byte[] concurrentHashMapPut(ConcurrentHashMapState s) {
        return s.fixture.map.put(s.fixture.hitKeys[s.order.next()], Arrays.copyOf(s.fixture.value, VALUE_BYTES));
    }

    /** A new zero-length segment at the key's address, resized to the key: RespCommand.segment's direct path. */
    private static MemorySegment wrapAddress(MemorySegment key) {
        return MemorySegment.ofAddress(key.address()).reinterpret(KEY_BYTES);
    }

    private static int readValue(Keyspace ks, MemorySegment key) {
        long ref = ks.lookup(key);
        return ks.valueLength(ref) + ks.segment(ref).get(ValueLayout.JAVA_BYTE, ks.valueOffset(ref));
    }

    private static int readValue(Map<ByteArrayKey, byte[]> map, ByteArrayKey key) {
        byte[] value = map.get(key);
        return value.length + value[0];
    }
}
