package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Cursor over one uncompressed block in the {@link BlockDescriptor} layout. Malformed bytes surface as
 * {@link IndexOutOfBoundsException}; {@link SSTableReader} turns them into {@link CorruptionException}.
 */
final class BlockIterator implements EntryIterator {
    private final MemorySegment block;
    private final long restartsOffset;
    private final int restartCount;
    private byte[] key = new byte[64];
    private MemorySegment keySegment = MemorySegment.ofArray(key); // cached: ofArray allocates a heap session
    private int keyLength;
    private long current = -1; // offset of the current entry, -1 = invalid
    private long nextOffset;
    private long valueOffset;
    private long valueTag;
    private long pos; // varint decoding cursor

    BlockIterator(MemorySegment block) {
        this.block = block;
        long size = block.byteSize();
        if (size < 4) {
            throw new IndexOutOfBoundsException("block too small: byteSize=" + size);
        }
        this.restartCount = block.get(Keys.INT_LE_UNALIGNED, size - 4);
        this.restartsOffset = size - 4 - 4L * restartCount;
        if (restartCount < 1 || restartsOffset < 0) {
            throw new IndexOutOfBoundsException("bad restart count=" + restartCount + " blockSize=" + size);
        }
    }

    @Override
    public void seekToFirst() {
        keyLength = 0;
        parseAt(restart(0));
    }

    @Override
    public void seek(MemorySegment target) {
        int lo = 0;
        int hi = restartCount - 1;
        while (lo < hi) { // last restart whose key < target
            int mid = (lo + hi + 1) >>> 1;
            keyLength = 0;
            parseAt(restart(mid));
            if (Keys.compare(keySegment(), 0, keyLength, target, 0, target.byteSize()) < 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        keyLength = 0;
        parseAt(restart(lo));
        while (current >= 0 && Keys.compare(keySegment(), 0, keyLength, target, 0, target.byteSize()) < 0) {
            next();
        }
    }

    /**
     * Point lookup without copying keys: binary-searches the restart keys in place (they have {@code shared = 0}),
     * then walks one restart interval keeping the length of the prefix the previous key shares with {@code target}, so
     * each entry is compared from its {@code shared} offset in place or skipped without a compare.
     *
     * @return true when an entry's key equals {@code target}; then {@link #value()} and {@link #isTombstone()} describe
     *     it ({@link #key()} is not maintained by this method)
     */
    boolean seekExact(MemorySegment target) {
        long targetLength = target.byteSize();
        int lo = 0;
        int hi = restartCount - 1;
        while (lo < hi) { // last restart whose key <= target
            int mid = (lo + hi + 1) >>> 1;
            pos = restart(mid);
            long shared = readVarint();
            long unshared = readVarint();
            readVarint();
            if (shared != 0 || pos + unshared > restartsOffset) {
                throw new IndexOutOfBoundsException("bad restart entry at blockOffset=" + restart(mid));
            }
            if (Keys.compare(block, pos, unshared, target, 0, targetLength) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        long offset = restart(lo);
        long matched = 0; // bytes the previous key (which is < target) shares with target
        long previousLength = 0;
        while (offset < restartsOffset) {
            pos = offset;
            long shared = readVarint();
            long unshared = readVarint();
            long tag = readVarint();
            long valueLength = tag == 0 ? 0 : tag - 1;
            long keyStart = pos;
            if (shared > previousLength || keyStart + unshared + valueLength > restartsOffset) {
                throw new IndexOutOfBoundsException("bad entry at blockOffset=" + offset + " shared=" + shared
                        + " unshared=" + unshared + " valueLength=" + valueLength);
            }
            if (shared <= matched) { // key[0, shared) == target[0, shared): compare the rest in place
                long m = MemorySegment.mismatch(block, keyStart, keyStart + unshared, target, shared, targetLength);
                if (m < 0) {
                    current = offset;
                    valueTag = tag;
                    valueOffset = keyStart + unshared;
                    nextOffset = valueOffset + valueLength;
                    return true;
                }
                if (m == unshared) {
                    matched = shared + m; // key is a proper prefix of target: key < target
                } else if (shared + m == targetLength) {
                    return false; // target is a proper prefix of key: key > target, and so is every later key
                } else if (Byte.toUnsignedInt(block.get(ValueLayout.JAVA_BYTE, keyStart + m))
                        > Byte.toUnsignedInt(target.get(ValueLayout.JAVA_BYTE, shared + m))) {
                    return false;
                } else {
                    matched = shared + m;
                }
            } // else key keeps the previous key's byte at `matched`, which is below target's there: key < target
            previousLength = shared + unshared;
            offset = keyStart + unshared + valueLength;
        }
        current = -1;
        return false;
    }

    @Override
    public boolean valid() {
        return current >= 0;
    }

    @Override
    public void next() {
        parseAt(nextOffset);
    }

    @Override
    public MemorySegment key() {
        return keySegment().asSlice(0, keyLength);
    }

    @Override
    public MemorySegment keyBase() {
        return keySegment;
    }

    @Override
    public long keyOffset() {
        return 0;
    }

    @Override
    public long keyLength() {
        return keyLength;
    }

    @Override
    public MemorySegment value() {
        return block.asSlice(valueOffset, valueTag == 0 ? 0 : valueTag - 1);
    }

    @Override
    public boolean isTombstone() {
        return valueTag == BlockDescriptor.TOMBSTONE_TAG;
    }

    private MemorySegment keySegment() {
        return keySegment;
    }

    private long restart(int index) {
        return Integer.toUnsignedLong(block.get(Keys.INT_LE_UNALIGNED, restartsOffset + 4L * index));
    }

    private void parseAt(long offset) {
        if (offset >= restartsOffset) {
            current = -1;
            return;
        }
        pos = offset;
        long shared = readVarint();
        long unshared = readVarint();
        valueTag = readVarint();
        long valueLength = valueTag == 0 ? 0 : valueTag - 1;
        if (shared > keyLength || pos + unshared + valueLength > restartsOffset) {
            throw new IndexOutOfBoundsException("bad entry at blockOffset=" + offset + " shared=" + shared
                    + " unshared=" + unshared + " valueLength=" + valueLength);
        }
        int newLength = (int) (shared + unshared);
        if (newLength > key.length) {
            key = Arrays.copyOf(key, Math.max(newLength, key.length * 2));
            keySegment = MemorySegment.ofArray(key);
        }
        MemorySegment.copy(block, pos, keySegment, shared, unshared);
        keyLength = newLength;
        valueOffset = pos + unshared;
        nextOffset = valueOffset + valueLength;
        current = offset;
    }

    private long readVarint() {
        byte first = block.get(ValueLayout.JAVA_BYTE, pos++);
        if (first >= 0) {
            return first; // one-byte fast path: lengths under 128
        }
        pos--;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = block.get(ValueLayout.JAVA_BYTE, pos++);
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new IndexOutOfBoundsException("varint too long at blockOffset=" + pos);
    }
}
