package io.panamax.lab.lsm;

import io.panamax.engine.lsm.FsyncPolicy;
import io.panamax.engine.lsm.LsmConfig;
import io.panamax.engine.lsm.LsmIterator;
import io.panamax.engine.lsm.LsmStore;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** {@link BenchEngine} over {@link LsmStore} with default config (64 MiB memtable, 4 KiB blocks, 10 bits/key). */
final class PanamaxBenchEngine implements BenchEngine {
    private final LsmStore store;

    PanamaxBenchEngine(Path dir, boolean fsync) {
        this.store = LsmStore.open(dir, LsmConfig.defaults().withFsyncPolicy(fsync ? FsyncPolicy.ALWAYS : FsyncPolicy.NO));
    }

    @Override
    public String name() {
        return "panamax";
    }

    @Override
    public void put(byte[] key, byte[] value) {
        store.put(key, value);
    }

    @Override
    public int get(byte[] key, byte[] dst) {
        return (int) store.get(MemorySegment.ofArray(key), MemorySegment.ofArray(dst));
    }

    @Override
    public void delete(byte[] key) {
        store.delete(key);
    }

    @Override
    public int seek(byte[] key) {
        try (LsmIterator it = store.iterator(key, null)) {
            return it.next() ? (int) it.key().byteSize() : -1;
        }
    }

    @Override
    public long scan(long[] bytes) {
        long n = 0;
        try (LsmIterator it = store.iterator()) {
            while (it.next()) {
                bytes[0] += it.key().byteSize() + it.value().byteSize();
                n++;
            }
        }
        return n;
    }

    String stats() {
        return store.stats().toString();
    }

    @Override
    public void close() {
        store.close();
    }
}
