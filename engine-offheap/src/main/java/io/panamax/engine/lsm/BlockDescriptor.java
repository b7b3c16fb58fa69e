package io.panamax.engine.lsm;

/**
 * Layout of an (uncompressed) SSTable block: prefix-compressed entries, then restart offsets.
 *
 * <pre>
 * +---------+---------+-----+------------------+-----+--------------------+---------------+
 * | entry 0 | entry 1 | ... | restart[0] : u32 | ... | restart[r-1] : u32 | r : u32       |
 * +---------+---------+-----+------------------+-----+--------------------+---------------+
 *
 * Entry:
 * +----------------+------------------+----------------+---------------------+-------------+
 * | shared: varint | unshared: varint | valueTag: var. | key[shared..] bytes | value bytes |
 * +----------------+------------------+----------------+---------------------+-------------+
 * </pre>
 *
 * {@code shared} bytes of the key are taken from the previous key; restart entries have {@code shared = 0} and their
 * offsets are listed in the restart array, so a reader binary-searches restarts and scans at most one interval.
 * {@code valueTag = 0} marks a tombstone; otherwise the value is {@code valueTag - 1} bytes long. Varints are LEB128
 * (7 bits per byte, low group first).
 */
final class BlockDescriptor {
    /** Bytes per restart offset and for the restart count. */
    static final int RESTART_ENTRY_LENGTH = 4;
    /** valueTag of a tombstone. */
    static final int TOMBSTONE_TAG = 0;

    private BlockDescriptor() {}
}
