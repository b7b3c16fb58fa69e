package io.panamax.lab.jmh;

import static io.panamax.lab.jmh.BenchmarkData.KEY_BYTES;
import static io.panamax.lab.jmh.BenchmarkData.VALUE_BYTES;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.keyspace.KeyspaceConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A {@link Keyspace} (default config: grows from 1024 keys, no maxmemory) loaded with {@code entryCount} entries,
 * plus one scratch lookup key per kind (present, absent) as 16 native bytes and as a {@code byte[]} (with a segment
 * view to write it through), and a 64-byte value, native and heap. Create, use and close it on one thread: the
 * keyspace and the scratch arena are confined to it.
 */
final class KeyspaceFixture implements AutoCloseable {
    final Keyspace keyspace;
    final Arena arena;
    final MemorySegment hitKey;
    final MemorySegment missKey;
    final byte[] hitKeyBytes = new byte[KEY_BYTES];
    final byte[] missKeyBytes = new byte[KEY_BYTES];
    final MemorySegment hitKeyBytesView = MemorySegment.ofArray(hitKeyBytes);
    final MemorySegment missKeyBytesView = MemorySegment.ofArray(missKeyBytes);
    final MemorySegment value;
    final byte[] valueBytes = BenchmarkData.value(7);

    private KeyspaceFixture() {
        keyspace = new Keyspace(KeyspaceConfig.defaults());
        arena = Arena.ofConfined();
        hitKey = arena.allocate(KEY_BYTES, 64);
        missKey = arena.allocate(KEY_BYTES, 64);
        value = arena.allocate(VALUE_BYTES, 64);
        MemorySegment.copy(MemorySegment.ofArray(valueBytes), 0, value, 0, VALUE_BYTES);
    }

    /**
     * Loads {@code entryCount} entries ({@link BenchmarkData#hitKey} 0 to {@code entryCount - 1}, distinct 64-byte
     * values) and finishes any growth in progress, so the benchmark measures the steady table (and the footprint
     * counts one table).
     *
     * @throws IllegalStateException if the keyspace reports OOM while loading.
     */
    static KeyspaceFixture load(int entryCount) {
        KeyspaceFixture f = new KeyspaceFixture();
        for (int i = 0; i < entryCount; i++) {
            BenchmarkData.writeHitKey(f.hitKey, i);
            long ref = f.keyspace.put(f.hitKey, Keyspace.TYPE_STRING, VALUE_BYTES, 0, 0);
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
