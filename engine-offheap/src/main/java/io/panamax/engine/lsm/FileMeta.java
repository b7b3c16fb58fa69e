package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;

/**
 * What the manifest records about one SSTable.
 *
 * @param number file number ({@code NNNNNN.sst})
 * @param sizeBytes file size
 * @param entryCount entries, tombstones included
 * @param smallest smallest key
 * @param largest largest key
 */
record FileMeta(long number, long sizeBytes, long entryCount, byte[] smallest, byte[] largest) {
    MemorySegment smallestSegment() {
        return MemorySegment.ofArray(smallest);
    }

    MemorySegment largestSegment() {
        return MemorySegment.ofArray(largest);
    }

    /** True when [smallest, largest] intersects [from, to] (both inclusive; null = unbounded). */
    boolean overlaps(byte[] from, byte[] to) {
        return (to == null || java.util.Arrays.compareUnsigned(smallest, to) <= 0)
                && (from == null || java.util.Arrays.compareUnsigned(largest, from) >= 0);
    }
}
