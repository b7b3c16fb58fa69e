package io.panamax.blobstore.master;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per key, the replica that last answered HEAD 200 for it, for {@code ttlMs}, so repeated GETs of a key
 * redirect without a HEAD round trip (Go HEADs a volume before every redirect). Safe because files change only
 * through this master: every PUT, DELETE, UNLINK and REBALANCE of a key drops its entry first. What it gives up:
 * within {@code ttlMs} of a volume dying (or losing a file behind the master's back) a GET may still redirect there,
 * as Go's own HEAD-then-redirect can race. Bounded: past {@link #MAX_ENTRIES} entries it starts over. Thread-safe.
 */
final class ReplicaCache {
    static final int MAX_ENTRIES = 100_000;

    private record Entry(String replica, long expiresAtNanos) {}

    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    ReplicaCache(long ttlMs) {
        this.ttlNanos = ttlMs * 1_000_000L;
    }

    /** The trusted replica of {@code key}, or null. */
    String get(byte[] key) {
        if (ttlNanos == 0) {
            return null;
        }
        Entry e = entries.get(asString(key));
        if (e == null || e.expiresAtNanos - System.nanoTime() < 0) {
            return null;
        }
        return e.replica;
    }

    /** {@code replica} answered HEAD 200 for {@code key} just now. */
    void put(byte[] key, String replica) {
        if (ttlNanos == 0) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(asString(key), new Entry(replica, System.nanoTime() + ttlNanos));
    }

    /** Forgets {@code key} (before it is written, deleted, unlinked or moved). */
    void invalidate(byte[] key) {
        if (ttlNanos != 0) {
            entries.remove(asString(key));
        }
    }

    private static String asString(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }
}
