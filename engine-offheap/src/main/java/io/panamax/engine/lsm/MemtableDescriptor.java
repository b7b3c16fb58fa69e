package io.panamax.engine.lsm;

/**
 * Layout of one skiplist node inside a memtable's arena segment (native byte order: never persisted). Nodes are
 * 8-byte aligned so that {@code next} links can be published with release stores and read with acquire loads.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Sequence Number (64 bits)                  |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         Key Length                            |
 *  +---------------------------------------------------------------+
 *  |                Value Length (-1 = tombstone)                  |
 *  +---------------------------------------------------------------+
 *  |                           Height                              |
 *  +---------------------------------------------------------------+
 *  |                   Padding (aligns next[0])                    |
 *  +---------------------------------------------------------------+
 *  |          next[0] ... next[height-1] (64-bit offsets)         ...
 *  +---------------------------------------------------------------+
 *  |                  Key bytes, then value bytes                 ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A {@code next} of 0 means "no successor" (offset 0 is the head node, never a successor).
 */
final class MemtableDescriptor {
    /** Offset of the 64-bit sequence number. */
    static final int SEQUENCE_OFFSET = 0;
    /** Offset of the 32-bit key length. */
    static final int KEY_LENGTH_OFFSET = 8;
    /** Offset of the 32-bit value length; -1 marks a tombstone. */
    static final int VALUE_LENGTH_OFFSET = 12;
    /** Offset of the 32-bit tower height. */
    static final int HEIGHT_OFFSET = 16;
    /** Offset of next[0]; next[i] is at {@code NEXT_OFFSET + 8 * i}. */
    static final int NEXT_OFFSET = 24;
    /** Tallest tower; with branching 4 this serves about 4^12 = 16M entries per memtable at full speed. */
    static final int MAX_HEIGHT = 12;
    /** Value length stored for a delete marker. */
    static final int TOMBSTONE = -1;

    private MemtableDescriptor() {}

    /** Bytes one node takes: header, tower, key and value, rounded up to 8. */
    static long nodeBytes(int height, long keyLength, long valueLength) {
        long raw = NEXT_OFFSET + 8L * height + keyLength + Math.max(0, valueLength);
        return (raw + 7) & ~7L;
    }
}
