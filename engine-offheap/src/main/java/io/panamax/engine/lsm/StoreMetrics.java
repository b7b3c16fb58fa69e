package io.panamax.engine.lsm;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** Counters behind {@link LsmStore#stats()}; updated from writer and background threads. */
final class StoreMetrics {
    final LongAdder flushes = new LongAdder();
    final LongAdder compactions = new LongAdder();
    final LongAdder compactionBytesWritten = new LongAdder();
    final LongAdder stalls = new LongAdder();
    final LongAdder stallMicros = new LongAdder();
    final LongAdder slowdowns = new LongAdder();
    final LongAdder walBytes = new LongAdder();
    final LongAdder walSyncs = new LongAdder();
    final LongAdder walSyncMicros = new LongAdder();
    final LongAdder writeGroups = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder tornTails = new LongAdder();
    final LongAdder memtableHandoffs = new LongAdder();

    LsmStats snapshot(long lastSequence, long memtableBytes, int immutables, List<LsmStats.LevelStats> levels) {
        return new LsmStats(lastSequence, memtableBytes, immutables, List.copyOf(levels), flushes.sum(),
                compactions.sum(), compactionBytesWritten.sum(), stalls.sum(), stallMicros.sum(), slowdowns.sum(),
                walBytes.sum(), walSyncs.sum(), walSyncMicros.sum(), writeGroups.sum(), batches.sum(), tornTails.sum(),
                memtableHandoffs.sum());
    }
}
