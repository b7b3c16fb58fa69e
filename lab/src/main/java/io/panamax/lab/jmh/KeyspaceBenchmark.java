package io.panamax.lab.jmh;

import static io.panamax.lab.jmh.BenchmarkData.ENTRY_COUNT;
import static io.panamax.lab.jmh.BenchmarkData.KEY_BYTES;
import static io.panamax.lab.jmh.BenchmarkData.VALUE_BYTES;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.Arena;
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
 * One shard's point operations on 1,000,000 preloaded entries (16-byte keys, 64-byte values), uniformly random keys
 * over the whole keyspace: the off-heap {@link Keyspace} against {@link HashMap} and {@link ConcurrentHashMap} of
 * {@link ByteArrayKey} to {@code byte[]}. Single-threaded, like a shard.
 *
 * <p>Each operation first writes its random key into a scratch buffer ({@link BenchmarkData#writeHitKey}), which
 * stays in cache as a just-decoded request would; {@link #baselinePickKey} measures that step alone.
 *
 * <ul>
 *   <li>{@code keyspace*Native}: the key is a native segment (the scratch), as the server's request bytes in a
 *       direct buffer.
 *   <li>{@code keyspace*Address}: the key is wrapped per call with {@code MemorySegment.ofAddress(address)
 *       .reinterpret(16)} over the same native bytes, which is what {@code RespCommand.segment} does for a direct
 *       buffer; whether that wrapper is allocated shows in {@code gc.alloc.rate.norm}.
 *   <li>{@code keyspace*Heap}: the key is wrapped per call with {@link MemorySegment#ofArray(byte[])}, as a caller
 *       holding a {@code byte[]} would.
 *   <li>Maps look up with a reused {@link ByteArrayKey} over the scratch bytes (equal to the stored key, not the
 *       same object), so they hash and compare bytes but allocate no key; a heap-map server would also allocate a
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

    /** Only the random key order and a native scratch key, for {@link #baselinePickKey}. */
    @State(Scope.Thread)
    public static class PickKeyState {
        final BenchmarkData.IndexSequence order = new BenchmarkData.IndexSequence(ENTRY_COUNT);
        Arena arena;
        MemorySegment key;

        @Setup
        public void setUp() {
            arena = Arena.ofConfined();
            key = arena.allocate(KEY_BYTES, 64);
        }

        @TearDown
        public void tearDown() {
            arena.close();
        }
    }

    /** The off-heap keyspace, created, loaded and closed on the benchmark thread (it is confined to it). */
    @State(Scope.Thread)
    public static class KeyspaceState {
        final BenchmarkData.IndexSequence order = new BenchmarkData.IndexSequence(ENTRY_COUNT);
        final int[] batch = new int[16];
        final long[] hashes = new long[16];
        KeyspaceFixture f;

        @Setup
        public void setUp() {
            f = KeyspaceFixture.load(ENTRY_COUNT);
        }

        @TearDown
        public void tearDown() {
            f.close();
        }
    }

    /** A {@link HashMap} loaded on the benchmark thread. */
    @State(Scope.Thread)
    public static class HashMapState {
        final BenchmarkData.IndexSequence order = new BenchmarkData.IndexSequence(ENTRY_COUNT);
        MapFixture f;

        @Setup
        public void setUp() {
            f = MapFixture.load(new HashMap<>(), ENTRY_COUNT);
        }
    }

    /** A {@link ConcurrentHashMap} loaded on the benchmark thread. */
    @State(Scope.Thread)
    public static class ConcurrentHashMapState {
        final BenchmarkData.IndexSequence order = new BenchmarkData.IndexSequence(ENTRY_COUNT);
        MapFixture f;

        @Setup
        public void setUp() {
            f = MapFixture.load(new ConcurrentHashMap<>(), ENTRY_COUNT);
        }
    }

    /** The per-operation cost every other benchmark includes: pick a random index, write its key. */
    @Benchmark
    public byte baselinePickKey(PickKeyState s) {
        BenchmarkData.writeHitKey(s.key, s.order.next());
        return s.key.get(ValueLayout.JAVA_BYTE, KEY_BYTES - 1);
    }

    // ---- get hit ----

    @Benchmark
    public int keyspaceGetHitNative(KeyspaceState s) {
        BenchmarkData.writeHitKey(s.f.hitKey, s.order.next());
        return readValue(s.f.keyspace, s.f.hitKey);
    }

    /** 16 get hits one after another: the baseline of {@link #keyspaceGetHit16Prefetched}. */
    @Benchmark
    public int keyspaceGetHit16Serial(KeyspaceState s) {
        int sum = 0;
        for (int i = 0; i < 16; i++) {
            BenchmarkData.writeHitKey(s.f.hitKey, s.order.next());
            sum += readValue(s.f.keyspace, s.f.hitKey);
        }
        return sum;
    }

    /** The same 16 get hits after one {@link io.panamax.engine.keyspace.Keyspace#prefetch} of their hashes. */
    @Benchmark
    public long keyspaceGetHit16Prefetched(KeyspaceState s) {
        int[] picked = s.batch;
        long[] hashes = s.hashes;
        for (int i = 0; i < 16; i++) {
            picked[i] = s.order.next();
            BenchmarkData.writeHitKey(s.f.hitKey, picked[i]);
            hashes[i] = s.f.keyspace.hash(s.f.hitKey);
        }
        long sum = s.f.keyspace.prefetch(hashes, 16);
        for (int i = 0; i < 16; i++) {
            BenchmarkData.writeHitKey(s.f.hitKey, picked[i]);
            sum += readValue(s.f.keyspace, s.f.hitKey);
        }
        return sum;
    }

    @Benchmark
    public int keyspaceGetHitAddress(KeyspaceState s) {
        BenchmarkData.writeHitKey(s.f.hitKey, s.order.next());
        return readValue(s.f.keyspace, wrapAddress(s.f.hitKey));
    }

    @Benchmark
    public int keyspaceGetHitHeap(KeyspaceState s) {
        BenchmarkData.writeHitKey(s.f.hitKeyBytesView, s.order.next());
        return readValue(s.f.keyspace, MemorySegment.ofArray(s.f.hitKeyBytes));
    }

    @Benchmark
    public int hashMapGetHit(HashMapState s) {
        BenchmarkData.writeHitKey(s.f.hitKeyView, s.order.next());
        return readValue(s.f.map, s.f.hitKey);
    }

    @Benchmark
    public int concurrentHashMapGetHit(ConcurrentHashMapState s) {
        BenchmarkData.writeHitKey(s.f.hitKeyView, s.order.next());
        return readValue(s.f.map, s.f.hitKey);
    }

    // ---- get miss ----

    @Benchmark
    public long keyspaceGetMissNative(KeyspaceState s) {
        BenchmarkData.writeMissKey(s.f.missKey, s.order.next());
        return s.f.keyspace.lookup(s.f.missKey);
    }

    @Benchmark
    public long keyspaceGetMissAddress(KeyspaceState s) {
        BenchmarkData.writeMissKey(s.f.missKey, s.order.next());
        return s.f.keyspace.lookup(wrapAddress(s.f.missKey));
    }

    @Benchmark
    public long keyspaceGetMissHeap(KeyspaceState s) {
        BenchmarkData.writeMissKey(s.f.missKeyBytesView, s.order.next());
        return s.f.keyspace.lookup(MemorySegment.ofArray(s.f.missKeyBytes));
    }

    @Benchmark
    public byte[] hashMapGetMiss(HashMapState s) {
        BenchmarkData.writeMissKey(s.f.missKeyView, s.order.next());
        return s.f.map.get(s.f.missKey);
    }

    @Benchmark
    public byte[] concurrentHashMapGetMiss(ConcurrentHashMapState s) {
        BenchmarkData.writeMissKey(s.f.missKeyView, s.order.next());
        return s.f.map.get(s.f.missKey);
    }

    // ---- put overwrite, same value size ----

    @Benchmark
    public long keyspacePutNative(KeyspaceState s) {
        BenchmarkData.writeHitKey(s.f.hitKey, s.order.next());
        return putValue(s.f.keyspace, s.f.hitKey, s.f.value);
    }

    @Benchmark
    public long keyspacePutAddress(KeyspaceState s) {
        BenchmarkData.writeHitKey(s.f.hitKey, s.order.next());
        return putValue(s.f.keyspace, wrapAddress(s.f.hitKey), s.f.value);
    }

    @Benchmark
    public long keyspacePutHeap(KeyspaceState s) {
        BenchmarkData.writeHitKey(s.f.hitKeyBytesView, s.order.next());
        Keyspace ks = s.f.keyspace;
        long ref = ks.put(MemorySegment.ofArray(s.f.hitKeyBytes), Keyspace.TYPE_STRING, VALUE_BYTES, 0, 0);
        MemorySegment.copy(s.f.valueBytes, 0, ks.segment(ref), ValueLayout.JAVA_BYTE, ks.valueOffset(ref),
                VALUE_BYTES);
        return ref;
    }

    @Benchmark
    public byte[] hashMapPut(HashMapState s) {
        BenchmarkData.writeHitKey(s.f.hitKeyView, s.order.next());
        return s.f.map.put(s.f.hitKey, Arrays.copyOf(s.f.value, VALUE_BYTES));
    }

    @Benchmark
    public byte[] concurrentHashMapPut(ConcurrentHashMapState s) {
        BenchmarkData.writeHitKey(s.f.hitKeyView, s.order.next());
        return s.f.map.put(s.f.hitKey, Arrays.copyOf(s.f.value, VALUE_BYTES));
    }

    /** A new zero-length segment at the key's address, resized to the key: RespCommand.segment's direct path. */
    private static MemorySegment wrapAddress(MemorySegment key) {
        return MemorySegment.ofAddress(key.address()).reinterpret(KEY_BYTES);
    }

    private static int readValue(Keyspace ks, MemorySegment key) {
        long ref = ks.lookup(key);
        return ks.valueLength(ref) + ks.segment(ref).get(ValueLayout.JAVA_BYTE, ks.valueOffset(ref));
    }

    private static long putValue(Keyspace ks, MemorySegment key, MemorySegment value) {
        long ref = ks.put(key, Keyspace.TYPE_STRING, VALUE_BYTES, 0, 0);
        MemorySegment.copy(value, 0, ks.segment(ref), ks.valueOffset(ref), VALUE_BYTES);
        return ref;
    }

    private static int readValue(Map<ByteArrayKey, byte[]> map, ByteArrayKey key) {
        byte[] value = map.get(key);
        return value.length + value[0];
    }
}
