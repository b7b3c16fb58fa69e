package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Ordered cursor over a consistent snapshot of a store: it sees every write acknowledged before it was created and
 * none after, whole batches or nothing, whatever flushes and compactions run meanwhile. Used only by the thread that
 * created it (checked: other threads get {@link StoreException}); must be closed, from any thread (it pins memtables
 * and SSTables until then).
 *
 * <pre>{@code
 * try (LsmIterator it = store.iterator(from, to)) {
 *     while (it.next()) {
 *         use(it.key(), it.value());
 *     }
 * }
 * }</pre>
 */
public final class LsmIterator implements AutoCloseable {
    private final SuperVersion superVersion;
    private final MergingIterator merged;
    private final MemorySegment from;
    private final MemorySegment to;
    private boolean started;
    private boolean positioned;
    private boolean closed;
    private final Thread owner = Thread.currentThread();

    LsmIterator(SuperVersion superVersion, MergingIterator merged, byte[] from, byte[] to) {
        this.superVersion = superVersion;
        this.merged = merged;
        this.from = from == null ? null : MemorySegment.ofArray(from.clone());
        this.to = to == null ? null : MemorySegment.ofArray(to.clone());
    }

    /**
     * Moves to the next live key (tombstones are skipped).
     *
     * @return true when positioned on an entry, false at the end of the range
     * @throws CorruptionException when an SSTable block fails its check
     */
    public boolean next() {
        if (closed) {
            throw new StoreException("iterator is closed");
        }
        checkOwner();
        if (!started) {
            started = true;
            if (from == null) {
                merged.seekToFirst();
            } else {
                merged.seek(from);
            }
        } else if (positioned) {
            merged.next();
        } else {
            return false;
        }
        while (merged.valid() && merged.isTombstone()) {
            merged.next();
        }
        positioned = merged.valid() && (to == null
                || Keys.compare(merged.keyBase(), merged.keyOffset(), merged.keyLength(), to, 0, to.byteSize()) < 0);
        return positioned;
    }

    /** Current key; valid until the next call to {@link #next()} or {@link #close()}. */
    public MemorySegment key() {
        checkPositioned();
        return merged.key();
    }

    /** Current value; valid until the next call to {@link #next()} or {@link #close()}. */
    public MemorySegment value() {
        checkPositioned();
        return merged.value();
    }

    /** A copy of the current key. */
    public byte[] keyBytes() {
        return key().toArray(ValueLayout.JAVA_BYTE);
    }

    /** A copy of the current value. */
    public byte[] valueBytes() {
        return value().toArray(ValueLayout.JAVA_BYTE);
    }

    /** Releases the snapshot. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            merged.close();
            superVersion.unref();
        }
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new StoreException("an LsmIterator is used by the thread that created it only: owner="
                    + owner.getName() + " caller=" + Thread.currentThread().getName());
        }
    }

    private void checkPositioned() {
        checkOwner();
        if (closed || !positioned) {
            throw new StoreException("iterator is not positioned on an entry (closed=" + closed + ")");
        }
    }
}
