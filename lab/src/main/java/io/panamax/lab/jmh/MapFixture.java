package io.panamax.lab.jmh;

import static io.panamax.lab.jmh.BenchmarkData.KEY_BYTES;

import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * A heap map loaded with {@code entryCount} entries ({@link ByteArrayKey} of {@link BenchmarkData#hitKey} to a
 * 64-byte value), plus one scratch lookup key per kind (present, absent): a {@link ByteArrayKey} over a
 * {@code byte[]} that benchmarks rewrite through its segment view before each lookup (the key does not cache its
 * hash, and it is never inserted: puts only overwrite, which keeps the stored key).
 */
final class MapFixture {
    final Map<ByteArrayKey, byte[]> map;
    final MemorySegment hitKeyView;
    final MemorySegment missKeyView;
    final ByteArrayKey hitKey;
    final ByteArrayKey missKey;
    final byte[] value = BenchmarkData.value(7);

    private MapFixture(Map<ByteArrayKey, byte[]> map) {
        this.map = map;
        byte[] hit = new byte[KEY_BYTES];
        byte[] miss = new byte[KEY_BYTES];
        this.hitKeyView = MemorySegment.ofArray(hit);
        this.missKeyView = MemorySegment.ofArray(miss);
        this.hitKey = new ByteArrayKey(hit);
        this.missKey = new ByteArrayKey(miss);
    }

    /** Loads {@code map} (expected empty) with {@code entryCount} entries. */
    static MapFixture load(Map<ByteArrayKey, byte[]> map, int entryCount) {
        loadEntries(map, entryCount);
        return new MapFixture(map);
    }

    /** Puts {@code entryCount} entries into {@code map}; all its heap use is the entries' (for the footprint). */
    static void loadEntries(Map<ByteArrayKey, byte[]> map, int entryCount) {
        for (int i = 0; i < entryCount; i++) {
            map.put(new ByteArrayKey(BenchmarkData.hitKey(i)), BenchmarkData.value(i));
        }
    }
}
