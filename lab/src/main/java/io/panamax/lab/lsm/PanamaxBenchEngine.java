package io.panamax.lab.lsm;

import io.panamax.engine.lsm.FsyncPolicy;
import io.panamax.engine.lsm.LsmConfig;
import io.panamax.engine.lsm.LsmIterator;
import io.panamax.engine.lsm.LsmStats;
import io.panamax.engine.lsm.LsmStore;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** {@link BenchEngine} over {@link LsmStore} with default config (64 MiB memtable, 4 KiB blocks, 10 bits/key). */
final class PanamaxBenchEngine implements BenchEngine {
    private final LsmStore store;

    PanamaxBenchEngine(Path dir, boolean fsync, boolean groupCommit, boolean writerYield) {
        this.store = LsmStore.open(dir, LsmConfig.defaults().withFsyncPolicy(fsync ? FsyncPolicy.ALWAYS : FsyncPolicy.NO)
                .withGroupCommit(groupCommit).withWriterYield(writerYield));
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

    /** One line of the store's counters that explain a run: group commit, stalls, levels. */
    String stats() {
        LsmStats s = store.stats();
        StringBuilder levels = new StringBuilder();
        for (LsmStats.LevelStats l : s.levels()) {
            levels.append(l.fileCount()).append(' ');
        }
        return String.format(java.util.Locale.ROOT,
                "panamax: batches/groups=%d/%d (%.1f per WAL write) walSyncs=%d (%.0f us each) handoffs=%d stalls=%d (%d us) slowdowns=%d"
                        + " flushes=%d compactions=%d files/level=[%s]",
                s.batchesWritten(), s.writeGroups(), s.batchesWritten() / Math.max(1.0, s.writeGroups()),
                s.walSyncCount(), s.walSyncMicros() / Math.max(1.0, s.walSyncCount()), s.memtableHandoffs(), s.stallCount(), s.stallMicros(), s.slowdownCount(), s.flushCount(),
                s.compactionCount(), levels.toString().trim());
    }

    @Override
    public void close() {
        store.close();
    }
}
