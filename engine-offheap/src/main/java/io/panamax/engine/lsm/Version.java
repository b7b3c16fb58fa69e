package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An immutable set of SSTables per level: level 0 newest first (files may overlap), levels 1+ sorted by smallest key
 * (files never overlap within a level). Holds a reference on each {@link SSTableReader}; dropping the last reference
 * to a version releases them, which unmaps (and deletes, if obsolete) files no other version uses.
 */
final class Version {
    private final List<List<SSTableReader>> levels;
    private final AtomicInteger refs = new AtomicInteger(1);

    /** Takes a reference on every reader; the caller must hold one on each while calling. */
    Version(List<List<SSTableReader>> levels) {
        this.levels = levels;
        for (List<SSTableReader> level : levels) {
            for (SSTableReader r : level) {
                if (!r.ref()) {
                    throw new IllegalStateException("SSTable already released: " + r.path());
                }
            }
        }
    }

    static Version empty() {
        List<List<SSTableReader>> levels = new ArrayList<>();
        for (int i = 0; i < LsmConfig.LEVELS; i++) {
            levels.add(List.of());
        }
        return new Version(levels);
    }

    List<SSTableReader> level(int level) {
        return levels.get(level);
    }

    long levelBytes(int level) {
        long sum = 0;
        for (SSTableReader r : levels.get(level)) {
            sum += r.meta().sizeBytes();
        }
        return sum;
    }

    int fileCount() {
        int n = 0;
        for (List<SSTableReader> l : levels) {
            n += l.size();
        }
        return n;
    }

    /**
     * A new version without the files numbered in {@code removed} and with {@code added} at {@code addLevel}.
     */
    Version apply(Set<Long> removed, int addLevel, List<SSTableReader> added) {
        List<List<SSTableReader>> next = new ArrayList<>();
        for (int i = 0; i < LsmConfig.LEVELS; i++) {
            List<SSTableReader> files = new ArrayList<>();
            for (SSTableReader r : levels.get(i)) {
                if (!removed.contains(r.meta().number())) {
                    files.add(r);
                }
            }
            if (i == addLevel) {
                files.addAll(added);
            }
            if (i == 0) {
                files.sort(Comparator.comparingLong((SSTableReader r) -> r.meta().number()).reversed());
            } else {
                files.sort((a, b) -> java.util.Arrays.compareUnsigned(a.meta().smallest(), b.meta().smallest()));
            }
            next.add(List.copyOf(files));
        }
        return new Version(next);
    }

    /**
     * Looks {@code key} up level by level, newest first.
     *
     * @param hash {@link Keys#hash64(MemorySegment)} of {@code key}, computed once per lookup
     * @return value, {@link SSTableReader#TOMBSTONE} or null (no SSTable holds the key)
     */
    MemorySegment get(MemorySegment key, long hash) {
        long prefix = Keys.prefix(key, 0, key.byteSize());
        for (SSTableReader r : levels.get(0)) {
            if (r.compareSmallest(key, prefix) <= 0 && r.compareLargest(key, prefix) >= 0) {
                MemorySegment v = r.get(key, hash);
                if (v != null) {
                    return v;
                }
            }
        }
        for (int i = 1; i < LsmConfig.LEVELS; i++) {
            List<SSTableReader> files = levels.get(i);
            int f = findFile(files, key, prefix);
            if (f >= 0 && files.get(f).compareSmallest(key, prefix) <= 0) {
                MemorySegment v = files.get(f).get(key, hash);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    /** Index of the first file in a sorted level whose largest key is &gt;= {@code key}, or -1. */
    static int findFile(List<SSTableReader> files, MemorySegment key) {
        return findFile(files, key, Keys.prefix(key, 0, key.byteSize()));
    }

    private static int findFile(List<SSTableReader> files, MemorySegment key, long keyPrefix) {
        int lo = 0;
        int hi = files.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (files.get(mid).compareLargest(key, keyPrefix) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == files.size() ? -1 : lo;
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
            for (List<SSTableReader> level : levels) {
                for (SSTableReader r : level) {
                    r.unref();
                }
            }
        }
    }
}
