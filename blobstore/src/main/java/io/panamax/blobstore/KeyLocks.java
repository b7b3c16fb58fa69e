package io.panamax.blobstore;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key write locks of the master, as Go's {@code LockKey}: a writer (PUT, DELETE, UNLINK, REBALANCE) that finds
 * its key held gets 409 at once instead of waiting. Keys of different writers never contend. Thread-safe.
 */
public final class KeyLocks {
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** Takes the lock of {@code key}; false when another writer holds it. */
    public boolean tryLock(byte[] key) {
        return held.add(asString(key));
    }

    /** Releases the lock of {@code key} (taken by {@link #tryLock}). */
    public void unlock(byte[] key) {
        held.remove(asString(key));
    }

    /** Number of keys held now. */
    public int size() {
        return held.size();
    }

    /** One char per byte: exact, cheap equality and hashing for binary keys. */
    private static String asString(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }
}
