package io.panamax.lab.jmh;

import java.util.Map;

/**
 * A heap map loaded with {@code entryCount} entries ({@link ByteArrayKey} of {@link BenchmarkData#hitKey} to a
 * 64-byte value), plus lookup keys over separate copies of the key bytes (equal to the stored keys, not the same
 * objects), present and absent.
 */
final class MapFixture {
    final Map<ByteArrayKey, byte[]> map;
    final ByteArrayKey[] hitKeys;
    final ByteArrayKey[] missKeys;
    final byte[] value;

    private MapFixture(Map<ByteArrayKey, byte[]> map, int entryCount) {
        this.map = map;
        this.hitKeys = new ByteArrayKey[entryCount];
        this.missKeys = new ByteArrayKey[entryCount];
        this.value = BenchmarkData.value(7);
    }

    /** Loads {@code map} (expected empty) and builds the lookup keys. */
    static MapFixture load(Map<ByteArrayKey, byte[]> map, int entryCount) {
        MapFixture f = new MapFixture(map, entryCount);
        loadEntries(map, entryCount);
        for (int i = 0; i < entryCount; i++) {
            f.hitKeys[i] = new ByteArrayKey(BenchmarkData.hitKey(i));
            f.missKeys[i] = new ByteArrayKey(BenchmarkData.missKey(i));
        }
        return f;
    }

    /** Puts {@code entryCount} entries into {@code map}; all its heap use is the entries' (for the footprint). */
    static void loadEntries(Map<ByteArrayKey, byte[]> map, int entryCount) {
        for (int i = 0; i < entryCount; i++) {
            map.put(new ByteArrayKey(BenchmarkData.hitKey(i)), BenchmarkData.value(i));
        }
    }
}
