package io.panamax.protocol.http;

import io.panamax.engine.lsm.FsyncPolicy;
import io.panamax.engine.lsm.LsmConfig;
import io.panamax.engine.lsm.LsmIterator;
import io.panamax.engine.lsm.LsmStats;
import io.panamax.engine.lsm.LsmStore;
import io.panamax.engine.lsm.StoreDirectory;
import io.panamax.engine.lsm.StoreException;
import io.panamax.engine.lsm.WriteBatch;
import io.panamax.transport.HashSlot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST keyspace on disk: one {@link LsmStore} per shard in {@code <data-dir>/shard-<i>/}, keys partitioned like
 * the in-memory keyspace (hash slot {@code CRC16(key) mod 16384} with {@code {hashtag}}; slot s belongs to shard
 * {@code s * N / 16384}, as in {@code ShardGroup}). {@code <data-dir>/LAYOUT} ({@link RestLayout}) records N.
 *
 * <p><b>Re-partition on open.</b> When the data directory was written with another shard count, or holds a store
 * directly in {@code <data-dir>} (the single-store layout of earlier versions), {@link #open} moves every key to its
 * owner before serving, crash-safely: (1) {@code LAYOUT} says {@code rebalancing}; (2) every key whose owner under
 * the new count is another store is written to its owner, with fsync; (3) only then are the moved keys deleted from
 * where they were, and stores no longer in the layout (and the legacy root store) are removed; (4) {@code LAYOUT}
 * says {@code ready}. A crash at any step leaves every key in at least one store with the same value (nothing is
 * served in between), and the next open redoes the whole re-partition, whatever shard count it is given.
 *
 * <p>Thread-safety: the stores are thread-safe; this class is immutable after {@link #open}.
 */
public final class RestStores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestStores.class);
    private static final int MOVE_BATCH_BYTES = 1 << 20;

    private final LsmStore[] stores;

    private RestStores(LsmStore[] stores) {
        this.stores = stores;
    }

    /**
     * Opens (creating, migrating or re-partitioning as needed) the REST keyspace in {@code dataDir} with
     * {@code shards} stores.
     *
     * @throws StoreException when a store cannot be opened or a re-partition fails (nothing is lost: the next open
     *     redoes it)
     */
    public static RestStores open(Path dataDir, int shards, LsmConfig config) {
        try {
            Files.createDirectories(dataDir);
            RestLayout layout = RestLayout.read(dataDir);
            boolean legacy = StoreDirectory.holdsStore(dataDir);
            List<Integer> present = shardDirs(dataDir);
            boolean fresh = layout == null && !legacy && present.isEmpty();
            boolean matches = layout != null && layout.ready() && layout.shards() == shards && !legacy
                    && present.stream().allMatch(i -> i < shards);
            if (fresh) {
                new RestLayout(shards, true).write(dataDir);
            } else if (!matches) {
                rebalance(dataDir, shards, legacy, present, config);
            }
        } catch (IOException e) {
            throw new StoreException("cannot prepare the data dir " + dataDir + ": " + e, e);
        }
        LsmStore[] stores = new LsmStore[shards];
        try {
            for (int i = 0; i < shards; i++) {
                stores[i] = LsmStore.open(shardDir(dataDir, i), config);
            }
        } catch (RuntimeException e) {
            closeAll(stores);
            throw e;
        }
        return new RestStores(stores);
    }

    /** Why a shard store refuses writes ("shard i: message"), or null when every store is healthy. Any thread. */
    public String failure() {
        for (int i = 0; i < stores.length; i++) {
            StoreException e = stores[i].failure();
            if (e != null) {
                return "shard " + i + ": " + e.getMessage();
            }
        }
        return null;
    }

    /** Number of shard stores. */
    public int count() {
        return stores.length;
    }

    /** The store of shard {@code i}. */
    LsmStore store(int i) {
        return stores[i];
    }

    /** The shard owning {@code key}: same table as {@code ShardGroup#shardOfSlot(HashSlot.of(key))}. */
    int shardOf(byte[] key) {
        return owner(key, stores.length);
    }

    static int owner(byte[] key, int shards) {
        return (int) ((long) HashSlot.of(key) * shards / HashSlot.SLOT_COUNT);
    }

    static Path shardDir(Path dataDir, int i) {
        return dataDir.resolve("shard-" + i);
    }

    /**
     * Cursors over {@code [from, to)} of every store, on per-store snapshots (each consistent; not one global
     * snapshot). The caller closes them.
     */
    List<LsmIterator> iterators(byte[] from, byte[] to) {
        List<LsmIterator> its = new ArrayList<>(stores.length);
        try {
            for (LsmStore s : stores) {
                its.add(s.iterator(from, to));
            }
        } catch (RuntimeException e) {
            its.forEach(LsmIterator::close);
            throw e;
        }
        return its;
    }

    /** The stores' stats summed: counters and gauges added, levels added level by level. */
    LsmStats stats() {
        LsmStats sum = null;
        for (LsmStore s : stores) {
            LsmStats x = s.stats();
            sum = sum == null ? x : add(sum, x);
        }
        return sum;
    }

    private static LsmStats add(LsmStats a, LsmStats b) {
        List<LsmStats.LevelStats> levels = new ArrayList<>();
        for (int l = 0; l < Math.max(a.levels().size(), b.levels().size()); l++) {
            LsmStats.LevelStats x = l < a.levels().size() ? a.levels().get(l) : new LsmStats.LevelStats(0, 0);
            LsmStats.LevelStats y = l < b.levels().size() ? b.levels().get(l) : new LsmStats.LevelStats(0, 0);
            levels.add(new LsmStats.LevelStats(x.fileCount() + y.fileCount(), x.sizeBytes() + y.sizeBytes()));
        }
        return new LsmStats(a.lastSequence() + b.lastSequence(), a.memtableBytes() + b.memtableBytes(),
                a.immutableMemtables() + b.immutableMemtables(), levels, a.flushCount() + b.flushCount(),
                a.compactionCount() + b.compactionCount(), a.compactionBytesWritten() + b.compactionBytesWritten(),
                a.stallCount() + b.stallCount(), a.stallMicros() + b.stallMicros(),
                a.slowdownCount() + b.slowdownCount(), a.walBytes() + b.walBytes(),
                a.walSyncCount() + b.walSyncCount(), a.walSyncMicros() + b.walSyncMicros(), a.writeGroups() + b.writeGroups(),
                a.batchesWritten() + b.batchesWritten(), a.tornTailsDiscarded() + b.tornTailsDiscarded(),
                a.memtableHandoffs() + b.memtableHandoffs());
    }

    /** Closes every store (the first failure is thrown after all were tried). */
    @Override
    public void close() {
        closeAll(stores);
    }

    private static void closeAll(LsmStore[] stores) {
        RuntimeException first = null;
        for (LsmStore s : stores) {
            if (s != null) {
                try {
                    s.close();
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // ------------------------------------------------------------------------------------------ re-partition

    private static List<Integer> shardDirs(Path dataDir) throws IOException {
        List<Integer> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir, "shard-*")) {
            for (Path p : entries) {
                String digits = p.getFileName().toString().substring("shard-".length());
                if (Files.isDirectory(p) && !digits.isEmpty() && digits.length() < 6
                        && digits.chars().allMatch(Character::isDigit) && StoreDirectory.holdsStore(p)) {
                    found.add(Integer.parseInt(digits));
                }
            }
        }
        return found;
    }

    /** Moves every key to its owner under {@code shards}; see the class comment for the steps and crash safety. */
    private static void rebalance(Path dataDir, int shards, boolean legacy, List<Integer> present, LsmConfig config)
            throws IOException {
        LOG.info("re-partitioning the REST data dir {} over {} shard stores (found: {}{})", dataDir, shards,
                present.isEmpty() ? "no shard stores" : "shard stores " + present,
                legacy ? ", a single-store layout in the data dir itself" : "");
        new RestLayout(shards, false).write(dataDir);
        LsmConfig durable = config.withFsyncPolicy(FsyncPolicy.ALWAYS);
        // Owner index -> store; sources beyond the new count and the legacy root get index -1.
        Map<Path, Integer> indexOf = new TreeMap<>();
        for (int i = 0; i < shards; i++) {
            indexOf.put(shardDir(dataDir, i), i);
        }
        for (int i : present) {
            indexOf.putIfAbsent(shardDir(dataDir, i), -1);
        }
        if (legacy) {
            indexOf.put(dataDir, -1);
        }
        Map<Path, LsmStore> open = new TreeMap<>();
        LsmStore[] owners = new LsmStore[shards];
        long moved = 0;
        try {
            for (Map.Entry<Path, Integer> e : indexOf.entrySet()) {
                LsmStore s = LsmStore.open(e.getKey(), durable);
                open.put(e.getKey(), s);
                if (e.getValue() >= 0) {
                    owners[e.getValue()] = s;
                }
            }
            // Copy: every key goes to its owner (fsynced: ALWAYS) before any delete.
            for (Map.Entry<Path, LsmStore> e : open.entrySet()) {
                moved += copyMisplaced(e.getValue(), indexOf.get(e.getKey()), owners);
            }
            // Delete what was copied away (stores leaving the layout are removed whole below).
            for (Map.Entry<Path, LsmStore> e : open.entrySet()) {
                if (indexOf.get(e.getKey()) >= 0) {
                    deleteMisplaced(e.getValue(), indexOf.get(e.getKey()), shards);
                }
            }
        } finally {
            closeAll(open.values().toArray(LsmStore[]::new));
        }
        for (Map.Entry<Path, Integer> e : indexOf.entrySet()) {
            if (e.getValue() < 0) {
                StoreDirectory.deleteStoreFiles(e.getKey());
                if (!e.getKey().equals(dataDir)) {
                    try (DirectoryStream<Path> rest = Files.newDirectoryStream(e.getKey())) {
                        if (!rest.iterator().hasNext()) {
                            Files.delete(e.getKey());
                        }
                    }
                }
            }
        }
        new RestLayout(shards, true).write(dataDir);
        LOG.info("re-partitioned the REST data dir {}: {} keys moved, {} shard stores", dataDir, moved, shards);
    }

    private static long copyMisplaced(LsmStore source, int index, LsmStore[] owners) {
        int shards = owners.length;
        WriteBatch[] batches = new WriteBatch[shards];
        long moved = 0;
        try (LsmIterator it = source.iterator()) {
            while (it.next()) {
                byte[] key = it.keyBytes();
                int owner = owner(key, shards);
                if (owner == index) {
                    continue;
                }
                WriteBatch b = batches[owner] == null ? batches[owner] = new WriteBatch() : batches[owner];
                b.put(key, it.valueBytes());
                moved++;
                if (b.sizeBytes() >= MOVE_BATCH_BYTES) {
                    owners[owner].write(b);
                    b.clear();
                }
            }
        }
        for (int i = 0; i < shards; i++) {
            if (batches[i] != null) {
                owners[i].write(batches[i]);
            }
        }
        return moved;
    }

    private static void deleteMisplaced(LsmStore source, int index, int shards) {
        WriteBatch b = new WriteBatch();
        try (LsmIterator it = source.iterator()) {
            while (it.next()) {
                byte[] key = it.keyBytes();
                if (owner(key, shards) != index) {
                    b.delete(key);
                    if (b.sizeBytes() >= MOVE_BATCH_BYTES) {
                        source.write(b);
                        b.clear();
                    }
                }
            }
        }
        source.write(b);
    }
}
