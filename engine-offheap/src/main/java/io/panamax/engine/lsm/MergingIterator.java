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
    /** Per source: {@link Keys#prefix} of its current key, so most comparisons are one unsigned long compare. */
    private final long[] prefix;
    private int heapSize;
    private byte[] lastKey = new byte[64];
    private MemorySegment lastKeySegment = MemorySegment.ofArray(lastKey);

    MergingIterator(List<EntryIterator> sources) {
        this.sources = sources.toArray(new EntryIterator[0]);
        this.heap = new int[this.sources.length];
        this.prefix = new long[this.sources.length];
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
        if (heapSize == 0) {
            return;
        }
        if (heapSize == 1) { // one source left (e.g. a fully compacted store): it has one entry per key already
            EntryIterator s = top();
            s.next();
            if (!s.valid()) {
                heapSize = 0;
            }
            return;
        }
        // Older versions of the current key sit in other sources. In a heap ordered by (key, source), an entry equal
        // to the root has only equal ancestors, so one is a child of the root; their prefixes then match the root's.
        long p = prefix[heap[0]];
        if (prefix[heap[1]] != p && (heapSize < 3 || prefix[heap[2]] != p)) {
            advanceTop(); // the common case: no other source holds this key
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
            if (prefix[heap[0]] != p
                    || Keys.compare(s.keyBase(), s.keyOffset(), s.keyLength(), lastKeySegment, 0, length) != 0) {
                break;
            }
            advanceTop();
        }
    }

    /** Moves the root's source one entry on and restores the heap (dropping the source when exhausted). */
    private void advanceTop() {
        int i = heap[0];
        EntryIterator s = sources[i];
        s.next();
        if (s.valid()) {
            prefix[i] = Keys.prefix(s.keyBase(), s.keyOffset(), s.keyLength());
        } else {
            heap[0] = heap[--heapSize];
        }
        siftDown(0);
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
            EntryIterator s = sources[i];
            if (s.valid()) {
                prefix[i] = Keys.prefix(s.keyBase(), s.keyOffset(), s.keyLength());
                heap[heapSize++] = i;
            }
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private boolean less(int a, int b) {
        long pa = prefix[a];
        long pb = prefix[b];
        if (pa != pb) {
            return Long.compareUnsigned(pa, pb) < 0;
        }
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
