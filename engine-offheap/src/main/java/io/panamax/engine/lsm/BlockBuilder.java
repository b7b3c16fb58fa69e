package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;

/** Builds one block in the {@link BlockDescriptor} layout from keys added in ascending order. */
final class BlockBuilder {
    private final int restartInterval;
    private final ByteSink sink = new ByteSink(8192);
    private final ByteSink restarts = new ByteSink(256);
    private byte[] lastKey = new byte[64];
    private MemorySegment lastKeySegment = MemorySegment.ofArray(lastKey);
    private int lastKeyLength;
    private int counter;
    private int entryCount;

    BlockBuilder(int restartInterval) {
        this.restartInterval = restartInterval;
        reset();
    }

    void reset() {
        sink.reset();
        restarts.reset();
        restarts.writeInt(0);
        lastKeyLength = 0;
        counter = 0;
        entryCount = 0;
    }

    /** Appends an entry; {@code value == null} writes a tombstone. */
    void add(MemorySegment key, MemorySegment value) {
        int shared = 0;
        if (counter < restartInterval) {
            long m = MemorySegment.mismatch(
                    lastKeySegment, 0, lastKeyLength, key, 0, key.byteSize());
            shared = (int) (m < 0 ? lastKeyLength : Math.min(m, Math.min(lastKeyLength, key.byteSize())));
        } else {
            restarts.writeInt(sink.size());
            counter = 0;
        }
        int unshared = (int) key.byteSize() - shared;
        sink.writeVarint(shared).writeVarint(unshared);
        sink.writeVarint(value == null ? BlockDescriptor.TOMBSTONE_TAG : value.byteSize() + 1);
        sink.write(key, shared, unshared);
        if (value != null) {
            sink.write(value, 0, value.byteSize());
        }
        if (lastKey.length < key.byteSize()) {
            lastKey = new byte[(int) key.byteSize() * 2];
            lastKeySegment = MemorySegment.ofArray(lastKey);
        }
        MemorySegment.copy(key, 0, lastKeySegment, 0, key.byteSize());
        lastKeyLength = (int) key.byteSize();
        counter++;
        entryCount++;
    }

    boolean isEmpty() {
        return entryCount == 0;
    }

    /** Bytes the block would take if finished now. */
    int estimatedSizeBytes() {
        return sink.size() + restarts.size() + 4;
    }

    /** The last key added (valid until the next add). */
    MemorySegment lastKey() {
        return lastKeySegment.asSlice(0, lastKeyLength);
    }

    /** Appends the restart array and count; returns the finished block bytes (valid until {@link #reset()}). */
    ByteSink finish() {
        int count = restarts.size() / 4;
        sink.write(restarts.segment(), 0, restarts.size());
        sink.writeInt(count);
        return sink;
    }
}
