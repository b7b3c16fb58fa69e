package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;
import java.util.List;

/** Concatenates the SSTables of one sorted level (1+), opening one file's cursor at a time. */
final class LevelIterator implements EntryIterator {
    private final List<SSTableReader> files;
    private int file = -1;
    private EntryIterator current;

    LevelIterator(List<SSTableReader> files) {
        this.files = files;
    }

    @Override
    public void seekToFirst() {
        open(0);
        if (current != null) {
            current.seekToFirst();
            skipExhausted();
        }
    }

    @Override
    public void seek(MemorySegment key) {
        open(Version.findFile(files, key));
        if (current != null) {
            current.seek(key);
            skipExhausted();
        }
    }

    @Override
    public boolean valid() {
        return current != null && current.valid();
    }

    @Override
    public void next() {
        current.next();
        skipExhausted();
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

    private void skipExhausted() {
        while (current != null && !current.valid()) {
            open(file + 1);
            if (current != null) {
                current.seekToFirst();
            }
        }
    }

    private void open(int index) {
        if (index < 0 || index >= files.size()) {
            file = files.size();
            current = null;
        } else {
            file = index;
            current = files.get(index).iterator();
        }
    }
}
