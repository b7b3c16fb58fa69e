package io.panamax.engine.lsm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One leveled compaction: merges {@code inputs} (from {@code level}) with the overlapping files of
 * {@code outputLevel} into new SSTables at {@code outputLevel}, cut at {@link LsmConfig#targetFileSizeBytes()}.
 * Tombstones are dropped when no deeper level holds a file overlapping the compaction's key range (the classic
 * LevelDB/RocksDB rule; this store keeps no older versions for snapshots inside SSTables, see FORMAT.md).
 */
final class Compaction {
    final int level;
    final int outputLevel;
    final List<SSTableReader> inputs;
    final List<SSTableReader> overlapping;
    final boolean dropTombstones;

    private Compaction(int level, int outputLevel, List<SSTableReader> inputs, List<SSTableReader> overlapping,
            boolean dropTombstones) {
        this.level = level;
        this.outputLevel = outputLevel;
        this.inputs = inputs;
        this.overlapping = overlapping;
        this.dropTombstones = dropTombstones;
    }

    /** True when a level-1+ file can simply move down a level (nothing to merge with, tombstones kept). */
    boolean isTrivialMove() {
        return level >= 1 && inputs.size() == 1 && overlapping.isEmpty() && !dropTombstones;
    }

    /** Numbers of every input file. */
    Set<Long> inputNumbers() {
        Set<Long> numbers = new HashSet<>();
        for (SSTableReader r : inputs) {
            numbers.add(r.meta().number());
        }
        for (SSTableReader r : overlapping) {
            numbers.add(r.meta().number());
        }
        return numbers;
    }

    /**
     * Picks the level with the highest score &gt;= 1 (level 0: file count / trigger; level n: bytes / target), or
     * returns null. {@code pointers[level]} is the largest key compacted last time at that level (round robin).
     */
    static Compaction pick(Version v, LsmConfig config, byte[][] pointers) {
        int best = -1;
        double bestScore = 1.0;
        for (int level = 0; level < LsmConfig.LEVELS - 1; level++) {
            double score = level == 0
                    ? (double) v.level(0).size() / config.level0CompactionTrigger()
                    : (double) v.levelBytes(level) / config.maxBytesForLevel(level);
            if (score >= bestScore) {
                best = level;
                bestScore = score;
            }
        }
        if (best < 0) {
            return null;
        }
        List<SSTableReader> inputs;
        if (best == 0) {
            inputs = v.level(0);
        } else {
            SSTableReader chosen = v.level(best).get(0);
            for (SSTableReader r : v.level(best)) {
                if (pointers[best] == null || Arrays.compareUnsigned(r.meta().smallest(), pointers[best]) > 0) {
                    chosen = r;
                    break;
                }
            }
            inputs = List.of(chosen);
            pointers[best] = chosen.meta().largest();
        }
        byte[][] range = range(inputs);
        List<SSTableReader> overlapping = overlapping(v.level(best + 1), range[0], range[1]);
        return new Compaction(best, best + 1, inputs, overlapping, isBottom(v, best + 1, inputs, overlapping));
    }

    /** Merges every SSTable into the deepest non-empty level (at least level 1), or returns null if there are none. */
    static Compaction full(Version v) {
        int deepest = 1;
        List<SSTableReader> all = new ArrayList<>();
        for (int level = 0; level < LsmConfig.LEVELS; level++) {
            all.addAll(v.level(level));
            if (!v.level(level).isEmpty()) {
                deepest = Math.max(deepest, level);
            }
        }
        if (all.isEmpty()) {
            return null;
        }
        return new Compaction(-1, deepest, all, List.of(), true).withLevels(v);
    }

    /**
     * Writes the merged output.
     *
     * @param fileNumbers hands out new file numbers
     * @return the finished output files, in key order
     */
    List<FileMeta> run(Path dir, LsmConfig config, LongSupplier fileNumbers, long[] bytesWritten) throws IOException {
        List<EntryIterator> sources = new ArrayList<>();
        if (level <= 0) { // level 0 inputs (newest first) or a full compaction: one source per level-0 file
            int levelOfPrev = -1;
            List<SSTableReader> run = new ArrayList<>();
            for (SSTableReader r : inputs) {
                int l = levelOf(r);
                if (l == 0) {
                    sources.add(r.iterator());
                } else {
                    if (l != levelOfPrev && !run.isEmpty()) {
                        sources.add(new LevelIterator(List.copyOf(run)));
                        run.clear();
                    }
                    run.add(r);
                    levelOfPrev = l;
                }
            }
            if (!run.isEmpty()) {
                sources.add(new LevelIterator(List.copyOf(run)));
            }
        } else {
            sources.add(new LevelIterator(inputs));
        }
        if (!overlapping.isEmpty()) {
            sources.add(new LevelIterator(overlapping));
        }
        List<FileMeta> outputs = new ArrayList<>();
        SSTableWriter writer = null;
        try (MergingIterator it = new MergingIterator(sources)) {
            for (it.seekToFirst(); it.valid(); it.next()) {
                if (it.isTombstone() && dropTombstones) {
                    continue;
                }
                if (writer == null) {
                    long number = fileNumbers.getAsLong();
                    writer = new SSTableWriter(FileNames.sstable(dir, number), number, config);
                }
                writer.add(it.key(), it.isTombstone() ? null : it.value());
                if (writer.sizeBytes() >= config.targetFileSizeBytes()) {
                    outputs.add(writer.finish());
                    bytesWritten[0] += outputs.getLast().sizeBytes();
                    writer = null;
                }
            }
            if (writer != null) {
                outputs.add(writer.finish());
                bytesWritten[0] += outputs.getLast().sizeBytes();
                writer = null;
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
        return outputs;
    }

    private final java.util.Map<Long, Integer> levels = new java.util.HashMap<>();

    /** Records the level of each input so a full compaction can group sorted levels. */
    Compaction withLevels(Version v) {
        for (int l = 0; l < LsmConfig.LEVELS; l++) {
            for (SSTableReader r : v.level(l)) {
                levels.put(r.meta().number(), l);
            }
        }
        return this;
    }

    private int levelOf(SSTableReader r) {
        return levels.getOrDefault(r.meta().number(), level);
    }

    private static boolean isBottom(Version v, int outputLevel, List<SSTableReader> a, List<SSTableReader> b) {
        List<SSTableReader> all = new ArrayList<>(a);
        all.addAll(b);
        byte[][] range = range(all);
        for (int l = outputLevel + 1; l < LsmConfig.LEVELS; l++) {
            if (!overlapping(v.level(l), range[0], range[1]).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] range(List<SSTableReader> files) {
        byte[] lo = null;
        byte[] hi = null;
        for (SSTableReader r : files) {
            if (lo == null || Arrays.compareUnsigned(r.meta().smallest(), lo) < 0) {
                lo = r.meta().smallest();
            }
            if (hi == null || Arrays.compareUnsigned(r.meta().largest(), hi) > 0) {
                hi = r.meta().largest();
            }
        }
        return new byte[][] {lo, hi};
    }

    private static List<SSTableReader> overlapping(List<SSTableReader> level, byte[] from, byte[] to) {
        List<SSTableReader> out = new ArrayList<>();
        for (SSTableReader r : level) {
            if (r.meta().overlaps(from, to)) {
                out.add(r);
            }
        }
        return out;
    }
}
