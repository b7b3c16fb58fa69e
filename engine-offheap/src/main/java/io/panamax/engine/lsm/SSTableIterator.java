package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;

/** Two-level cursor over an {@link SSTableReader}: the block index, then one data block at a time. */
final class SSTableIterator implements EntryIterator {
    private final SSTableReader reader;
    private int block = -1;
    private BlockIterator current;

    SSTableIterator(SSTableReader reader) {
        this.reader = reader;
    }

    @Override
    public void seekToFirst() {
        try {
            openBlock(0);
            if (current != null) {
                current.seekToFirst();
                skipEmptyBlocks();
            }
        } catch (IndexOutOfBoundsException e) {
            throw corrupt(e);
        }
    }

    @Override
    public void seek(MemorySegment key) {
        try {
            openBlock(reader.findBlock(key));
            if (current != null) {
                current.seek(key);
                skipEmptyBlocks();
            }
        } catch (IndexOutOfBoundsException e) {
            throw corrupt(e);
        }
    }

    private CorruptionException corrupt(IndexOutOfBoundsException e) {
        return new CorruptionException(reader.path(), reader.blockOffset(block), "malformed data block: "
                + e.getMessage());
    }

    @Override
    public boolean valid() {
        return current != null && current.valid();
    }

    @Override
    public void next() {
        try {
            current.next();
            skipEmptyBlocks();
        } catch (IndexOutOfBoundsException e) {
            throw corrupt(e);
        }
    }

    @Override
    public MemorySegment key() {
        return current.key();
    }

    @Override
    public MemorySegment keyBase() {
        return current.keyBase();
    }

    @Override
    public long keyOffset() {
        return current.keyOffset();
    }

    @Override
    public long keyLength() {
        return current.keyLength();
    }

    @Override
    public MemorySegment value() {
        return current.value();
    }

    @Override
    public boolean isTombstone() {
        return current.isTombstone();
    }

    private void skipEmptyBlocks() {
        while (current != null && !current.valid()) {
            openBlock(block + 1);
            if (current != null) {
                current.seekToFirst();
            }
        }
    }

    private void openBlock(int index) {
        if (index < 0 || index >= reader.blockCount()) {
            block = reader.blockCount();
            current = null;
            return;
        }
        block = index;
        current = reader.blockIterator(index);
    }
}
