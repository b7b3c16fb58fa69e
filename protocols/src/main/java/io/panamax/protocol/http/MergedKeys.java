package io.panamax.protocol.http;

import io.panamax.engine.lsm.LsmIterator;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The keys of several stores' cursors in one ascending order (unsigned byte order, as each store sorts): a k-way
 * merge over a heap of the cursors' current keys, {@code O(log k)} per key. A key present in more than one cursor is
 * returned once. Closes every cursor on {@link #close()}.
 */
final class MergedKeys implements AutoCloseable {
    private record Head(byte[] key, LsmIterator source) {}

    private final List<LsmIterator> sources;
    private final PriorityQueue<Head> heads;
    private byte[] last;

    /** @param sources open cursors, positioned before their first key; owned by this merge from now on */
    MergedKeys(List<LsmIterator> sources) {
        this.sources = sources;
        this.heads = new PriorityQueue<>(Math.max(1, sources.size()),
                (a, b) -> Arrays.compareUnsigned(a.key, b.key));
        try {
            for (LsmIterator it : sources) {
                advance(it);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The next key in order, or null at the end. */
    byte[] next() {
        for (; ; ) {
            Head h = heads.poll();
            if (h == null) {
                return null;
            }
            advance(h.source);
            if (last == null || !Arrays.equals(last, h.key)) {
                last = h.key;
                return h.key;
            }
        }
    }

    private void advance(LsmIterator it) {
        if (it.next()) {
            heads.add(new Head(it.keyBytes(), it));
        }
    }

    @Override
    public void close() {
        for (LsmIterator it : sources) {
            it.close();
        }
    }
}
