package io.panamax.engine.lsm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings a store directory to a consistent state at open: manifest, SSTables, WAL replay, cleanup.
 *
 * <ol>
 *   <li>Read {@code MANIFEST} (or create an empty one) and map every SSTable it lists.
 *   <li>Replay WAL files numbered at or above the manifest's log number, oldest first, into a memtable; a torn tail
 *       ends the file cleanly, damage before valid records is {@link CorruptionException}.
 *   <li>Flush what was replayed to level 0, start a new WAL, write the manifest pointing at it.
 *   <li>Delete files the manifest does not reference: old WALs, SSTables from an interrupted flush or compaction,
 *       {@code MANIFEST.tmp}.
 * </ol>
 *
 * A crash at any step leaves the previous manifest and WALs in place, so recovery can always be repeated.
 */
final class Recovery {
    private Recovery() {}

    static void recover(LsmStore store) throws IOException {
        Path dir = store.dir;
        Manifest.State state = Manifest.read(dir);
        if (state == null) {
            List<List<FileMeta>> empty = new ArrayList<>();
            for (int i = 0; i < LsmConfig.LEVELS; i++) {
                empty.add(List.of());
            }
            state = new Manifest.State(1, 0, 0, empty);
        }
        store.nextFileNumber = state.nextFileNumber();
        store.lastSequence = state.lastSequence();
        store.logNumber = state.logNumber();
        store.current = openVersion(dir, state);

        List<Long> wals = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                long walNumber = FileNames.parseNumber(name, FileNames.WAL_SUFFIX);
                long sstNumber = FileNames.parseNumber(name, FileNames.SSTABLE_SUFFIX);
                if (walNumber >= state.logNumber()) {
                    wals.add(walNumber);
                }
                store.nextFileNumber = Math.max(store.nextFileNumber, Math.max(walNumber, sstNumber) + 1);
            }
        }
        wals.sort(Comparator.naturalOrder());

        Memtable replay = new Memtable(store.config.memtableSizeBytes(), 0);
        long lastSequence = 0;
        for (long number : wals) {
            Path path = FileNames.wal(dir, number);
            Memtable[] target = {replay};
            WalReader.Result r = WalReader.replay(path, lastSequence, (first, count, payload, offset) ->
                    WriteBatch.forEach(payload, count, (i, k, v) -> {
                        if (!target[0].add(first + i, k, v)) {
                            if (!target[0].isEmpty()) {
                                flushReplayed(store, target[0]);
                            }
                            target[0].unref();
                            target[0] = new Memtable(Math.max(store.config.memtableSizeBytes(),
                                    payload.byteSize() * 2), 0);
                            target[0].add(first + i, k, v);
                        }
                    }));
            replay = target[0];
            lastSequence = r.lastSequence();
            if (r.tornTailOffset() >= 0) {
                store.metrics.tornTails.increment();
            }
        }
        store.lastSequence = Math.max(store.lastSequence, lastSequence);
        if (!replay.isEmpty()) {
            flushReplayed(store, replay);
        }
        replay.unref();

        long walNumber = store.nextFileNumber++;
        store.wal = WalWriter.create(FileNames.wal(dir, walNumber), walNumber, true,
                store.config.fsyncPolicy() == FsyncPolicy.ALWAYS);
        store.mem = new Memtable(store.config.memtableSizeBytes(), walNumber);
        store.logNumber = walNumber;
        Manifest.write(dir, store.manifestState(store.current, walNumber));
        deleteObsolete(dir, store.current, walNumber);
    }

    /** Writes {@code m} as a level-0 SSTable and makes it part of the current version (not yet in the manifest). */
    private static void flushReplayed(LsmStore store, Memtable m) {
        try {
            long number = store.nextFileNumber++;
            FileMeta meta = Flush.writeLevel0(store.dir, store.config, m, number);
            SSTableReader reader = SSTableReader.open(FileNames.sstable(store.dir, number), meta);
            Version next = store.current.apply(Set.of(), 0, List.of(reader));
            reader.unref();
            Version old = store.current;
            store.current = next;
            old.unref();
        } catch (IOException e) {
            throw new StoreException("cannot flush replayed WAL to dir=" + store.dir + ": " + e, e);
        }
    }

    private static Version openVersion(Path dir, Manifest.State state) throws IOException {
        List<SSTableReader> opened = new ArrayList<>();
        try {
            for (List<FileMeta> level : state.levels()) {
                for (FileMeta f : level) {
                    opened.add(SSTableReader.open(FileNames.sstable(dir, f.number()), f));
                }
            }
            List<List<SSTableReader>> levels = new ArrayList<>();
            int i = 0;
            for (List<FileMeta> level : state.levels()) {
                levels.add(List.copyOf(opened.subList(i, i + level.size())));
                i += level.size();
            }
            Version listed = new Version(levels);
            Version sorted = listed.apply(Set.of(), -1, List.of()); // apply() orders each level
            listed.unref();
            return sorted;
        } finally {
            for (SSTableReader r : opened) {
                r.unref(); // the versions hold their own references
            }
        }
    }

    private static void deleteObsolete(Path dir, Version current, long logNumber) throws IOException {
        Set<Long> live = new HashSet<>();
        for (int l = 0; l < LsmConfig.LEVELS; l++) {
            for (SSTableReader r : current.level(l)) {
                live.add(r.meta().number());
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                long wal = FileNames.parseNumber(name, FileNames.WAL_SUFFIX);
                long sst = FileNames.parseNumber(name, FileNames.SSTABLE_SUFFIX);
                if ((wal >= 0 && wal < logNumber) || (sst >= 0 && !live.contains(sst))
                        || name.equals(FileNames.MANIFEST_TEMP)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        FileNames.syncDirectory(dir);
    }
}
