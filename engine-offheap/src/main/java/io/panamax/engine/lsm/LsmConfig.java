package io.panamax.engine.lsm;

/**
 * Immutable configuration of one {@link LsmStore}.
 *
 * @param memtableSizeBytes arena capacity of one memtable; a full memtable is swapped and flushed in the background
 * @param maxImmutableMemtables how many full memtables may wait for flush before writers stall
 * @param blockSizeBytes target uncompressed size of one SSTable data block (about 4 KiB)
 * @param restartInterval keys between restart points inside a data block
 * @param bloomBitsPerKey bloom filter bits per key (10 gives about 1% false positives); 0 disables the filter
 * @param fsyncPolicy when the WAL is fsynced
 * @param level0CompactionTrigger number of level-0 SSTables that starts a level-0 compaction
 * @param level0SlowdownTrigger number of level-0 SSTables at which each write group is delayed by 1 ms
 * @param level0StopTrigger number of level-0 SSTables at which writers wait for compaction
 * @param level1MaxBytes target size of level 1; each deeper level is {@code levelSizeMultiplier} times larger
 * @param levelSizeMultiplier growth factor between levels
 * @param targetFileSizeBytes size at which a compaction output SSTable is cut
 * @param zstdLevel 0 = blocks stored uncompressed; otherwise the zstd level used for data blocks
 * @param backgroundCompaction false keeps compaction for explicit {@link LsmStore#compact()} calls only (tests)
 * @param writerYield true: a writer waiting for its group commit yields the CPU ({@link Thread#yield()}) for up to
 *     1 ms before it parks (RocksDB's {@code enable_write_thread_adaptive_yield}), and under fsync always may insert
 *     its group into the memtable while the leader is in fsync; false: it parks at once and the leader does all the
 *     work
 * @param groupCommit true (the default): a leader commits every write queued behind it with one WAL write and one
 *     fsync; false: one WAL write (and, under fsync always, one fsync) per write batch, in arrival order. Off only to
 *     measure what group commit buys ({@code bin/panamax lab lsm --no-group-commit})
 */
public record LsmConfig(
        long memtableSizeBytes,
        int maxImmutableMemtables,
        int blockSizeBytes,
        int restartInterval,
        int bloomBitsPerKey,
        FsyncPolicy fsyncPolicy,
        int level0CompactionTrigger,
        int level0SlowdownTrigger,
        int level0StopTrigger,
        long level1MaxBytes,
        int levelSizeMultiplier,
        long targetFileSizeBytes,
        int zstdLevel,
        boolean backgroundCompaction,
        boolean writerYield,
        boolean groupCommit) {

    /** Number of levels, 0..{@code LEVELS - 1}. */
    public static final int LEVELS = 7;

    /** Validates every field; throws {@link IllegalArgumentException} naming the bad one. */
    public LsmConfig {
        require(memtableSizeBytes >= 64 * 1024, "memtableSizeBytes", memtableSizeBytes);
        require(maxImmutableMemtables >= 1, "maxImmutableMemtables", maxImmutableMemtables);
        require(blockSizeBytes >= 256 && blockSizeBytes <= 1 << 20, "blockSizeBytes", blockSizeBytes);
        require(restartInterval >= 1, "restartInterval", restartInterval);
        require(bloomBitsPerKey >= 0 && bloomBitsPerKey <= 64, "bloomBitsPerKey", bloomBitsPerKey);
        require(fsyncPolicy != null, "fsyncPolicy", 0);
        require(level0CompactionTrigger >= 2, "level0CompactionTrigger", level0CompactionTrigger);
        require(level0SlowdownTrigger >= level0CompactionTrigger, "level0SlowdownTrigger", level0SlowdownTrigger);
        require(level0StopTrigger >= level0SlowdownTrigger, "level0StopTrigger", level0StopTrigger);
        require(level1MaxBytes >= 1024, "level1MaxBytes", level1MaxBytes);
        require(levelSizeMultiplier >= 2, "levelSizeMultiplier", levelSizeMultiplier);
        require(targetFileSizeBytes >= 1024, "targetFileSizeBytes", targetFileSizeBytes);
        require(zstdLevel >= 0 && zstdLevel <= 22, "zstdLevel", zstdLevel);
    }

    /** Defaults close to RocksDB's: 64 MiB memtable, 4 KiB blocks, 10 bits/key, fsync no, L1 = 256 MiB. */
    public static LsmConfig defaults() {
        return new LsmConfig(64L << 20, 2, 4096, 16, 10, FsyncPolicy.NO, 4, 20, 36, 256L << 20, 10, 64L << 20, 0, true, true, true);
    }

    /** A copy with another fsync policy. */
    public LsmConfig withFsyncPolicy(FsyncPolicy policy) {
        return new LsmConfig(memtableSizeBytes, maxImmutableMemtables, blockSizeBytes, restartInterval, bloomBitsPerKey,
                policy, level0CompactionTrigger, level0SlowdownTrigger, level0StopTrigger, level1MaxBytes,
                levelSizeMultiplier, targetFileSizeBytes, zstdLevel, backgroundCompaction, writerYield, groupCommit);
    }

    /** A copy with another memtable size and compaction output file size (small stores in tests). */
    public LsmConfig withSizes(long memtableBytes, long level1Bytes, long targetFileBytes) {
        return new LsmConfig(memtableBytes, maxImmutableMemtables, blockSizeBytes, restartInterval, bloomBitsPerKey,
                fsyncPolicy, level0CompactionTrigger, level0SlowdownTrigger, level0StopTrigger, level1Bytes,
                levelSizeMultiplier, targetFileBytes, zstdLevel, backgroundCompaction, writerYield, groupCommit);
    }

    /** A copy with background compaction switched on or off. */
    public LsmConfig withBackgroundCompaction(boolean on) {
        return new LsmConfig(memtableSizeBytes, maxImmutableMemtables, blockSizeBytes, restartInterval, bloomBitsPerKey,
                fsyncPolicy, level0CompactionTrigger, level0SlowdownTrigger, level0StopTrigger, level1MaxBytes,
                levelSizeMultiplier, targetFileSizeBytes, zstdLevel, on, writerYield, groupCommit);
    }

    /** A copy with zstd block compression at {@code level} (0 = off). */
    public LsmConfig withZstdLevel(int level) {
        return new LsmConfig(memtableSizeBytes, maxImmutableMemtables, blockSizeBytes, restartInterval, bloomBitsPerKey,
                fsyncPolicy, level0CompactionTrigger, level0SlowdownTrigger, level0StopTrigger, level1MaxBytes,
                levelSizeMultiplier, targetFileSizeBytes, level, backgroundCompaction, writerYield, groupCommit);
    }

    /** A copy where waiting writers yield the CPU before parking ({@code true}, the default) or park at once. */
    public LsmConfig withWriterYield(boolean on) {
        return new LsmConfig(memtableSizeBytes, maxImmutableMemtables, blockSizeBytes, restartInterval, bloomBitsPerKey,
                fsyncPolicy, level0CompactionTrigger, level0SlowdownTrigger, level0StopTrigger, level1MaxBytes,
                levelSizeMultiplier, targetFileSizeBytes, zstdLevel, backgroundCompaction, on, groupCommit);
    }

    /** A copy with group commit on ({@code true}, the default) or off: one WAL write and fsync per write batch. */
    public LsmConfig withGroupCommit(boolean on) {
        return new LsmConfig(memtableSizeBytes, maxImmutableMemtables, blockSizeBytes, restartInterval, bloomBitsPerKey,
                fsyncPolicy, level0CompactionTrigger, level0SlowdownTrigger, level0StopTrigger, level1MaxBytes,
                levelSizeMultiplier, targetFileSizeBytes, zstdLevel, backgroundCompaction, writerYield, on);
    }

    /** Target size in bytes of {@code level} (level &gt;= 1). */
    public long maxBytesForLevel(int level) {
        long bytes = level1MaxBytes;
        for (int i = 1; i < level; i++) {
            bytes *= levelSizeMultiplier;
        }
        return bytes;
    }

    private static void require(boolean ok, String name, long value) {
        if (!ok) {
            throw new IllegalArgumentException("invalid LSM config: " + name + "=" + value);
        }
    }
}
