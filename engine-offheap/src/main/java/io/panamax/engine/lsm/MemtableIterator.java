package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;

/** {@link EntryIterator} over one {@link Memtable}: the newest version per key with sequence &lt;= the snapshot. */
final class MemtableIterator implements EntryIterator {
    private final Memtable memtable;
    private final long snapshot;
    private long node;

    MemtableIterator(Memtable memtable, long snapshot) {
        this.memtable = memtable;
        this.snapshot = snapshot;
    }

    @Override
    public void seekToFirst() {
        node = memtable.first();
        skipInvisible();
    }

    @Override
    public void seek(MemorySegment key) {
        node = memtable.findGreaterOrEqual(key, snapshot, null);
        skipInvisible();
    }

    @Override
    public boolean valid() {
        return node != 0;
    }

    @Override
    public void next() {
        long current = node;
        do {
            node = memtable.next(node, 0);
        } while (node != 0 && memtable.sameKey(node, current));
        skipInvisible();
    }

    @Override
    public MemorySegment key() {
        return memtable.key(node);
    }

    @Override
    public MemorySegment keyBase() {
        return memtable.segment();
    }

    @Override
    public long keyOffset() {
        return memtable.keyOffset(node);
    }

    @Override
    public long keyLength() {
        return memtable.keyLength(node);
    }

    @Override
    public MemorySegment value() {
        return memtable.value(node);
    }

    @Override
    public boolean isTombstone() {
        return memtable.isTombstone(node);
    }

    /** Versions newer than the snapshot sort first within a key: step over them. */
    private void skipInvisible() {
        while (node != 0 && memtable.sequence(node) > snapshot) {
            node = memtable.next(node, 0);
        }
    }
}
