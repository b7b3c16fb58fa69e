package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * Merges sources in key order with a binary heap. Sources are given newest first: when several hold the same key, the
 * newest wins and the older versions are skipped. Tombstones are passed through (callers decide).
 */
final class MergingIterator implements EntryIterator {
    private final EntryIterator[] sources;
    private final int[] heap;
    private int heapSize;
    private byte[] lastKey = new byte[64];
    private MemorySegment lastKeySegment = MemorySegment.ofArray(lastKey);

    MergingIterator(List<EntryIterator> sources) {
        this.sources = sources.toArray(new EntryIterator[0]);
        this.heap = new int[this.sources.length];
    }

    @Override
    public void seekToFirst() {
        for (EntryIterator s : sources) {
            s.seekToFirst();
        }
        rebuild();
    }

    @Override
    public void seek(MemorySegment key) {
        for (EntryIterator s : sources) {
            s.seek(key);
        }
        rebuild();
    }

    @Override
    public boolean valid() {
        return heapSize > 0;
    }

    @Override
    public void next() {
        if (heapSize == 1) { // one source left (e.g. a fully compacted store): it has one entry per key already
            EntryIterator s = top();
            s.next();
            if (!s.valid()) {
                heapSize = 0;
            }
            return;
        }
        EntryIterator current = top();
        int length = (int) current.keyLength();
        if (lastKey.length < length) {
            lastKey = new byte[Math.max(length, lastKey.length * 2)];
            lastKeySegment = MemorySegment.ofArray(lastKey);
        }
        MemorySegment.copy(current.keyBase(), current.keyOffset(), lastKeySegment, 0, length);
        while (heapSize > 0) {
            EntryIterator s = top();
            if (Keys.compare(s.keyBase(), s.keyOffset(), s.keyLength(), lastKeySegment, 0, length) != 0) {
                break;
            }
            s.next();
            if (s.valid()) {
                siftDown(0);
            } else {
                heap[0] = heap[--heapSize];
                siftDown(0);
            }
        }
    }

    @Override
    public MemorySegment key() {
        return top().key();
    }

    @Override
    public MemorySegment keyBase() {
        return top().keyBase();
    }

    @Override
    public long keyOffset() {
        return top().keyOffset();
    }

    @Override
    public long keyLength() {
        return top().keyLength();
    }

    @Override
    public MemorySegment value() {
        return top().value();
    }

    @Override
    public boolean isTombstone() {
        return top().isTombstone();
    }

    @Override
    public void close() {
        for (EntryIterator s : sources) {
            s.close();
        }
    }

    private EntryIterator top() {
        return sources[heap[0]];
    }

    private void rebuild() {
        heapSize = 0;
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].valid()) {
                heap[heapSize++] = i;
            }
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private boolean less(int a, int b) {
        int c = EntryIterator.compareKeys(sources[a], sources[b]);
        return c < 0 || (c == 0 && a < b);
    }

    private void siftDown(int i) {
        for (; ; ) {
            int l = 2 * i + 1;
            if (l >= heapSize) {
                return;
            }
            int smallest = l;
            if (l + 1 < heapSize && less(heap[l + 1], heap[l])) {
                smallest = l + 1;
            }
            if (!less(heap[smallest], heap[i])) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[smallest];
            heap[smallest] = t;
            i = smallest;
        }
    }

    @Override
    public String toString() {
        return "MergingIterator" + Arrays.toString(heap);
    }
}
