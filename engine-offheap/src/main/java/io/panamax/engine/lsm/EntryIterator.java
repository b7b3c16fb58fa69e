package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;

/**
 * Internal cursor over entries in key order, one entry per key (the newest visible version), tombstones included.
 * {@link #key()} and {@link #value()} are valid until the next call that moves the cursor.
 */
interface EntryIterator extends AutoCloseable {
    /** Positions at the first entry. */
    void seekToFirst();

    /** Positions at the first entry whose key is &gt;= {@code key}. */
    void seek(MemorySegment key);

    /** True while positioned on an entry. */
    boolean valid();

    /** Moves to the next key. */
    void next();

    /** Current key. */
    MemorySegment key();

    /** Segment holding the current key at [{@link #keyOffset()}, + {@link #keyLength()}): compare without slicing. */
    MemorySegment keyBase();

    /** Offset of the current key in {@link #keyBase()}. */
    long keyOffset();

    /** Length of the current key. */
    long keyLength();

    /** Compares the current keys of two cursors (unsigned bytes) without allocating. */
    static int compareKeys(EntryIterator a, EntryIterator b) {
        return Keys.compare(a.keyBase(), a.keyOffset(), a.keyLength(), b.keyBase(), b.keyOffset(), b.keyLength());
    }

    /** Current value; empty for a tombstone. */
    MemorySegment value();

    /** True when the current entry is a delete marker. */
    boolean isTombstone();

    @Override
    default void close() {}
}
