package io.panamax.engine.lsm;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a reader needs, captured at one moment: the mutable memtable, the immutable memtables waiting for flush
 * (newest first) and the SSTable {@link Version}. Readers take a reference, read, and release it; the store swaps in a
 * new one whenever a memtable is swapped, flushed or a compaction is installed.
 */
final class SuperVersion {
    final Memtable mem;
    final List<Memtable> immutables;
    final Version version;
    private final AtomicInteger refs = new AtomicInteger(1);

    SuperVersion(Memtable mem, List<Memtable> immutables, Version version) {
        this.mem = mem;
        this.immutables = List.copyOf(immutables);
        this.version = version;
        boolean ok = mem.ref() && version.ref();
        for (Memtable m : this.immutables) {
            ok &= m.ref();
        }
        if (!ok) {
            throw new IllegalStateException("super version built from released parts");
        }
    }

    boolean ref() {
        for (; ; ) {
            int r = refs.get();
            if (r == 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    void unref() {
        if (refs.decrementAndGet() == 0) {
            mem.unref();
            for (Memtable m : immutables) {
                m.unref();
            }
            version.unref();
        }
    }
}
