package io.panamax.blobstore;

import io.panamax.engine.lsm.FsyncPolicy;
import io.panamax.engine.lsm.LsmConfig;
import io.panamax.engine.lsm.LsmIterator;
import io.panamax.engine.lsm.LsmStore;
import io.panamax.engine.lsm.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The master's index: key (the percent-decoded URL path, raw bytes) → {@link IndexRecord}, in a Panamax
 * {@link LsmStore}. Writes go through the store's group commit ({@link LsmStore#writeAsync}: one WAL write and,
 * under {@link FsyncPolicy#ALWAYS}, one fsync for every write queued meanwhile). Reads are lock-free snapshots.
 * Thread-safe. One process opens an index directory at a time (the store's lock file), so the offline tools
 * cannot run beside a master on the same index.
 */
public final class BlobIndex implements AutoCloseable {
    /** Without a limit a listing stops here and answers 413, as Go does. */
    public static final int MAX_LISTED_KEYS = 1_000_000;

    private final LsmStore store;

    private BlobIndex(LsmStore store) {
        this.store = store;
    }

    /**
     * Opens (creating) the index in {@code dir}.
     *
     * @throws io.panamax.engine.lsm.StoreException when the directory is in use by another process or on I/O
     *     failure; {@link io.panamax.engine.lsm.CorruptionException} for damaged files
     */
    public static BlobIndex open(Path dir, FsyncPolicy fsync) {
        return new BlobIndex(LsmStore.open(dir, LsmConfig.defaults().withFsyncPolicy(fsync)));
    }

    /**
     * The record of {@code key}, or null when absent.
     *
     * @throws IllegalArgumentException when the stored bytes are not a record (names the key)
     */
    public IndexRecord get(byte[] key) {
        byte[] v = store.get(key);
        if (v == null) {
            return null;
        }
        try {
            return IndexRecord.decode(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key=\"" + keyText(key) + "\": " + e.getMessage(), e);
        }
    }

    /** Stores {@code record} under {@code key}; completes when durable per the fsync policy. */
    public CompletableFuture<Void> putAsync(byte[] key, IndexRecord record) {
        return store.writeAsync(new WriteBatch().put(key, record.encode()));
    }

    /** Removes {@code key}; completes when durable per the fsync policy. */
    public CompletableFuture<Void> deleteAsync(byte[] key) {
        return store.writeAsync(new WriteBatch().delete(key));
    }

    /** Blocking {@link #putAsync}, for tools. */
    public void put(byte[] key, IndexRecord record) {
        store.put(key, record.encode());
    }

    /** Blocking {@link #deleteAsync}, for tools. */
    public void delete(byte[] key) {
        store.delete(key);
    }

    /**
     * One page of a listing.
     *
     * @param keys full keys in byte order
     * @param next the first matching key not returned, or null when the listing is complete
     * @param tooMany true when no limit was given and more than {@link #MAX_LISTED_KEYS} keys match (answer 413)
     */
    public record Page(List<byte[]> keys, byte[] next, boolean tooMany) {}

    /**
     * Keys under {@code prefix} whose record is live ({@code unlinked} false) or unlinked ({@code unlinked} true), in
     * byte order, starting at {@code start} (inclusive; clamped into the prefix's range, so a start before the prefix
     * begins at the prefix and one after it lists nothing).
     *
     * @param limit at most this many keys; {@code <= 0} = all (up to {@link #MAX_LISTED_KEYS})
     * @throws IllegalArgumentException when a stored record is damaged
     */
    public Page list(byte[] prefix, byte[] start, int limit, boolean unlinked) {
        byte[] to = prefix.length == 0 ? null : prefixSuccessor(prefix);
        byte[] from = prefix;
        if (start != null && Arrays.compareUnsigned(start, prefix) > 0) {
            from = start;
        }
        List<byte[]> keys = new ArrayList<>();
        if (to != null && Arrays.compareUnsigned(from, to) >= 0) {
            return new Page(keys, null, false);
        }
        try (LsmIterator it = store.iterator(from, to)) {
            while (it.next()) {
                IndexRecord r;
                try {
                    r = IndexRecord.decode(it.valueBytes());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("key=\"" + keyText(it.keyBytes()) + "\": " + e.getMessage(), e);
                }
                if (r.unlinked() != unlinked) {
                    continue;
                }
                if (limit > 0 && keys.size() == limit) {
                    return new Page(keys, it.keyBytes(), false);
                }
                if (limit <= 0 && keys.size() == MAX_LISTED_KEYS) {
                    return new Page(keys, it.keyBytes(), true);
                }
                keys.add(it.keyBytes());
            }
        }
        return new Page(keys, null, false);
    }

    /** The smallest key greater than every key starting with {@code prefix}, or null when there is none (all 0xFF). */
    static byte[] prefixSuccessor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] s = Arrays.copyOf(prefix, i + 1);
                s[i]++;
                return s;
            }
        }
        return null;
    }

    /** The store underneath, for whole-index scans by the tools ({@link LsmStore#iterator(byte[], byte[])}). */
    public LsmStore store() {
        return store;
    }

    /** Commits what is queued, syncs the WAL and releases the directory. */
    @Override
    public void close() {
        store.close();
    }

    /** A key as text for messages and listings: its bytes as UTF-8 (invalid sequences become U+FFFD). */
    public static String keyText(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
