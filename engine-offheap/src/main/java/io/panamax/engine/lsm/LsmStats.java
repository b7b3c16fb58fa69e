package io.panamax.engine.lsm;

import java.util.List;

/**
 * A point-in-time view of a store's counters ({@link LsmStore#stats()}).
 *
 * @param lastSequence sequence number of the newest visible write
 * @param memtableBytes arena bytes used by the mutable memtable
 * @param immutableMemtables full memtables waiting for flush
 * @param levels file count and bytes per level, level 0 first
 * @param flushCount memtables flushed to level 0
 * @param compactionCount compactions installed (trivial moves included)
 * @param compactionBytesWritten bytes of SSTables written by compaction
 * @param stallCount times a writer waited for flush or compaction (memtables full or level 0 at its stop trigger)
 * @param stallMicros total time writers spent in those waits
 * @param slowdownCount write groups delayed by 1 ms because level 0 reached its slowdown trigger
 * @param walBytes bytes appended to WAL files since open
 * @param walSyncCount WAL fsyncs (group commit: one per write group under {@link FsyncPolicy#ALWAYS})
 * @param walSyncMicros total time spent in those fsyncs of write groups (not counting the everysec syncer)
 * @param writeGroups write groups committed (one WAL write each)
 * @param batchesWritten write batches committed; {@code batchesWritten / writeGroups} is the group-commit factor
 * @param tornTailsDiscarded WAL torn tails discarded during recovery at open
 * @param memtableHandoffs write groups whose memtable inserts a waiting follower ran during the leader's fsync
 */
public record LsmStats(
        long lastSequence,
        long memtableBytes,
        int immutableMemtables,
        List<LevelStats> levels,
        long flushCount,
        long compactionCount,
        long compactionBytesWritten,
        long stallCount,
        long stallMicros,
        long slowdownCount,
        long walBytes,
        long walSyncCount,
        long walSyncMicros,
        long writeGroups,
        long batchesWritten,
        long tornTailsDiscarded,
        long memtableHandoffs) {

    /**
     * @param fileCount SSTables in the level
     * @param sizeBytes their total size
     */
    public record LevelStats(int fileCount, long sizeBytes) {}
}
