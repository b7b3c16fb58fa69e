package io.panamax.engine.lsm;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a memtable as a level-0 SSTable (newest version per key, tombstones kept). */
final class Flush {
    private Flush() {}

    static FileMeta writeLevel0(Path dir, LsmConfig config, Memtable memtable, long number) throws IOException {
        try (SSTableWriter writer = new SSTableWriter(FileNames.sstable(dir, number), number, config)) {
            EntryIterator it = memtable.iterator(Long.MAX_VALUE);
            for (it.seekToFirst(); it.valid(); it.next()) {
                writer.add(it.key(), it.isTombstone() ? null : it.value());
            }
            return writer.finish();
        }
    }
}
