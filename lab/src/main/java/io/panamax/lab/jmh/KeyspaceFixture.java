package io.panamax.lab.jmh;

import static io.panamax.lab.jmh.BenchmarkData.VALUE_BYTES;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.keyspace.KeyspaceConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A {@link Keyspace} (default config: grows from 1024 keys, no maxmemory) loaded with {@code entryCount} entries,
 * plus the lookup keys: native slices ({@link BenchmarkData#nativeSlices}) and {@code byte[]} copies, for present and
 * absent keys. Create, use and close it on one thread: the keyspace and the key arena are confined to it.
 */
final class KeyspaceFixture implements AutoCloseable {
    final Keyspace keyspace;
    final Arena arena;
    final MemorySegment[] hitKeys;
    final MemorySegment[] missKeys;
    final byte[][] hitKeyBytes;
    final byte[][] missKeyBytes;
    final MemorySegment value;
    final byte[] valueBytes;

    private KeyspaceFixture(int entryCount) {
        keyspace = new Keyspace(KeyspaceConfig.defaults());
        arena = Arena.ofConfined();
        hitKeyBytes = new byte[entryCount][];
        missKeyBytes = new byte[entryCount][];
        for (int i = 0; i < entryCount; i++) {
            hitKeyBytes[i] = BenchmarkData.hitKey(i);
            missKeyBytes[i] = BenchmarkData.missKey(i);
        }
        hitKeys = BenchmarkData.nativeSlices(arena, hitKeyBytes);
        missKeys = BenchmarkData.nativeSlices(arena, missKeyBytes);
        valueBytes = BenchmarkData.value(7);
        value = arena.allocate(VALUE_BYTES);
        MemorySegment.copy(MemorySegment.ofArray(valueBytes), 0, value, 0, VALUE_BYTES);
    }

    /**
     * Loads {@code entryCount} entries with distinct 64-byte values and finishes any growth in progress, so the
     * benchmark measures the steady table (and the footprint counts one table).
     *
     * @throws IllegalStateException if the keyspace reports OOM while loading.
     */
    static KeyspaceFixture load(int entryCount) {
        KeyspaceFixture f = new KeyspaceFixture(entryCount);
        for (int i = 0; i < entryCount; i++) {
            long ref = f.keyspace.put(f.hitKeys[i], Keyspace.TYPE_STRING, VALUE_BYTES, 0, 0);
            if (ref < 0) {
                throw new IllegalStateException("put failed while loading: index=" + i + " status=" + ref);
            }
            MemorySegment.copy(MemorySegment.ofArray(BenchmarkData.value(i)), 0, f.keyspace.segment(ref),
                    f.keyspace.valueOffset(ref), VALUE_BYTES);
        }
        while (f.keyspace.isGrowing()) {
            f.keyspace.activeExpireCycle(0);
        }
        return f;
    }

    @Override
    public void close() {
        keyspace.close();
        arena.close();
    }
}
