package io.panamax.engine.lsm;

import static io.panamax.engine.lsm.SSTableDescriptor.BLOCK_TRAILER_LENGTH;
import static io.panamax.engine.lsm.SSTableDescriptor.FOOTER_LENGTH;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read side of one SSTable, mapped with {@link FileChannel#map} into a {@link MemorySegment} of a shared arena.
 * Thread-safe. The header, footer, filter and index are verified on open; every data block's CRC32C is verified the
 * first time it is read. Reference-counted: the last {@link #unref()} unmaps the file and, if it was marked obsolete,
 * deletes it.
 */
final class SSTableReader {
    /** Returned by {@link #get} when the SSTable holds a tombstone for the key. */
    static final MemorySegment TOMBSTONE = MemorySegment.ofArray(new byte[0]);

    private final Path path;
    private final FileMeta meta;
    private final Arena arena;
    private final MemorySegment file;
    private final MemorySegment filter;
    private final long[] indexKeyOffsets;
    private final int[] indexKeyLengths;
    /**
     * {@link Keys#prefix} of each index key: the binary search in {@link #findBlock} compares these on-heap longs and
     * reads the mapped index key only on a tie, instead of touching a cold mapped page at every step.
     */
    private final long[] indexKeyPrefixes;
    private final long[] blockOffsets;
    private final int[] blockSizes;
    private final long[] verified; // bit per data block whose CRC passed; racy but monotonic: a lost bit re-verifies
    private final AtomicInteger refs = new AtomicInteger(1);
    private final MemorySegment smallestKey;
    private final MemorySegment largestKey;
    /** {@link Keys#prefix} of the smallest and largest keys: level searches compare these first. */
    private final long smallestPrefix;
    private final long largestPrefix;
    private volatile boolean obsolete;
    /** Format 1: the bloom filter is not blocked and was built with {@link Keys#hash64V1}, not the lookup's XXH3. */
    private final boolean bloomHashV1;

    private SSTableReader(Path path, FileMeta meta, Arena arena, MemorySegment file, int formatVersion,
            MemorySegment filter, long[] keyOffsets, int[] keyLengths, long[] blockOffsets, int[] blockSizes) {
        this.path = path;
        this.bloomHashV1 = formatVersion == SSTableDescriptor.VERSION_1;
        this.meta = meta;
        this.arena = arena;
        this.file = file;
        this.filter = filter;
        this.indexKeyOffsets = keyOffsets;
        this.indexKeyLengths = keyLengths;
        this.indexKeyPrefixes = new long[keyOffsets.length];
        for (int i = 0; i < keyOffsets.length; i++) {
            indexKeyPrefixes[i] = Keys.prefix(file, keyOffsets[i], keyLengths[i]);
        }
        this.blockOffsets = blockOffsets;
        this.blockSizes = blockSizes;
        this.verified = new long[(blockOffsets.length + 63) / 64];
        this.smallestKey = meta.smallestSegment();
        this.largestKey = meta.largestSegment();
        this.smallestPrefix = Keys.prefix(smallestKey, 0, smallestKey.byteSize());
        this.largestPrefix = Keys.prefix(largestKey, 0, largestKey.byteSize());
    }

    /** {@code Keys.compare(smallestKey(), key)}, given {@code keyPrefix = Keys.prefix(key)}. */
    int compareSmallest(MemorySegment key, long keyPrefix) {
        return smallestPrefix != keyPrefix ? Long.compareUnsigned(smallestPrefix, keyPrefix)
                : Keys.compare(smallestKey, key);
    }

    /** {@code Keys.compare(largestKey(), key)}, given {@code keyPrefix = Keys.prefix(key)}. */
    int compareLargest(MemorySegment key, long keyPrefix) {
        return largestPrefix != keyPrefix ? Long.compareUnsigned(largestPrefix, keyPrefix)
                : Keys.compare(largestKey, key);
    }

    /** Smallest key, as a heap segment created once (ofArray allocates). */
    MemorySegment smallestKey() {
        return smallestKey;
    }

    /** Largest key, as a heap segment created once. */
    MemorySegment largestKey() {
        return largestKey;
    }

    /**
     * Maps and verifies {@code path}.
     *
     * @throws CorruptionException when the header, footer, filter or index fails a check
     */
    static SSTableReader open(Path path, FileMeta meta) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < SSTableDescriptor.HEADER_LENGTH + FOOTER_LENGTH) {
                throw new CorruptionException(path, 0, "file too small: size=" + size);
            }
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            SSTableReader r = parse(path, meta, arena, file);
            return r;
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static SSTableReader parse(Path path, FileMeta meta, Arena arena, MemorySegment file) {
        long size = file.byteSize();
        int magic = file.get(Keys.INT_LE_UNALIGNED, 0);
        int version = file.get(Keys.INT_LE_UNALIGNED, 4);
        if (magic != SSTableDescriptor.MAGIC
                || (version != SSTableDescriptor.VERSION && version != SSTableDescriptor.VERSION_1)) {
            throw new CorruptionException(path, 0, "bad SSTable header magic=" + Integer.toHexString(magic)
                    + " version=" + version);
        }
        long f = size - FOOTER_LENGTH;
        int footerCrc = file.get(Keys.INT_LE_UNALIGNED, f + SSTableDescriptor.FOOTER_CRC);
        if (footerCrc != Keys.crc32c(file, f, SSTableDescriptor.FOOTER_CRC)
                || file.get(Keys.INT_LE_UNALIGNED, f + SSTableDescriptor.FOOTER_MAGIC) != SSTableDescriptor.MAGIC) {
            throw new CorruptionException(path, f, "SSTable footer fails CRC32C or magic check");
        }
        int footerVersion = file.get(Keys.INT_LE_UNALIGNED, f + SSTableDescriptor.FOOTER_VERSION);
        if (footerVersion != version) {
            throw new CorruptionException(path, f, "SSTable footer version=" + footerVersion
                    + " differs from header version=" + version);
        }
        long indexOffset = file.get(Keys.LONG_LE_UNALIGNED, f + SSTableDescriptor.FOOTER_INDEX_OFFSET);
        long filterOffset = file.get(Keys.LONG_LE_UNALIGNED, f + SSTableDescriptor.FOOTER_FILTER_OFFSET);
        int indexSize = file.get(Keys.INT_LE_UNALIGNED, f + SSTableDescriptor.FOOTER_INDEX_SIZE);
        int filterSize = file.get(Keys.INT_LE_UNALIGNED, f + SSTableDescriptor.FOOTER_FILTER_SIZE);
        MemorySegment filter = verifiedBlock(path, file, filterOffset, filterSize, f);
        if (version != SSTableDescriptor.VERSION_1 && filterSize > 0
                && (filterSize - 1) % BloomFilter.LINE_BYTES != 0) {
            throw new CorruptionException(path, filterOffset, "filter block is not whole 64-byte lines: size="
                    + filterSize);
        }
        MemorySegment index = verifiedBlock(path, file, indexOffset, indexSize, f);
        try {
            int n = 0;
            BlockIterator it = new BlockIterator(index);
            for (it.seekToFirst(); it.valid(); it.next()) {
                n++;
            }
            long[] keyOffsets = new long[n];
            int[] keyLengths = new int[n];
            long[] blockOffsets = new long[n];
            int[] blockSizes = new int[n];
            int i = 0;
            for (it.seekToFirst(); it.valid(); it.next(), i++) {
                MemorySegment v = it.value();
                // Index entries have shared = 0 (restart interval 1): the key bytes sit right before the value.
                keyLengths[i] = (int) it.key().byteSize();
                keyOffsets[i] = indexOffset + (v.address() - index.address()) - keyLengths[i];
                blockOffsets[i] = v.get(Keys.LONG_LE_UNALIGNED, 0);
                blockSizes[i] = v.get(Keys.INT_LE_UNALIGNED, 8);
                if (blockOffsets[i] < SSTableDescriptor.HEADER_LENGTH
                        || blockOffsets[i] + blockSizes[i] + BLOCK_TRAILER_LENGTH > filterOffset) {
                    throw new IndexOutOfBoundsException("block handle offset=" + blockOffsets[i]
                            + " size=" + blockSizes[i]);
                }
            }
            return new SSTableReader(path, meta, arena, file, version, filter, keyOffsets, keyLengths, blockOffsets,
                    blockSizes);
        } catch (IndexOutOfBoundsException e) {
            throw new CorruptionException(path, indexOffset, "malformed index block: " + e.getMessage());
        }
    }

    private static MemorySegment verifiedBlock(Path path, MemorySegment file, long offset, int size, long limit) {
        if (offset < SSTableDescriptor.HEADER_LENGTH || size < 0 || offset + size + BLOCK_TRAILER_LENGTH > limit) {
            throw new CorruptionException(path, offset, "block handle out of bounds: size=" + size);
        }
        int stored = file.get(Keys.INT_LE_UNALIGNED, offset + size + 1);
        int actual = Keys.crc32c(file, offset, size + 1L);
        if (stored != actual) {
            throw new CorruptionException(path, offset, "block CRC32C mismatch: stored=" + Integer.toHexString(stored)
                    + " actual=" + Integer.toHexString(actual));
        }
        return file.asSlice(offset, size);
    }

    FileMeta meta() {
        return meta;
    }

    Path path() {
        return path;
    }

    /** File offset of data block {@code block}, or of the filter block when out of range. */
    long blockOffset(int block) {
        return block >= 0 && block < blockOffsets.length ? blockOffsets[block] : file.byteSize() - FOOTER_LENGTH;
    }

    int blockCount() {
        return blockOffsets.length;
    }

    /**
     * Looks {@code key} up.
     *
     * @param hash {@link Keys#hash64(MemorySegment)} of {@code key}
     * @return the value (a slice of the mapping, valid while this reader is referenced), {@link #TOMBSTONE}, or
     *     {@code null} when the SSTable holds nothing for the key
     * @throws CorruptionException when the data block fails its CRC32C or is malformed
     */
    MemorySegment get(MemorySegment key, long hash) {
        if (bloomHashV1 ? !BloomFilter.mayContainV1(filter, Keys.hash64V1(key, 0, key.byteSize()))
                : !BloomFilter.mayContain(filter, hash)) {
            return null;
        }
        int block = findBlock(key);
        if (block < 0) {
            return null;
        }
        BlockIterator it = blockIterator(block);
        try {
            if (!it.seekExact(key)) {
                return null;
            }
            return it.isTombstone() ? TOMBSTONE : it.value();
        } catch (IndexOutOfBoundsException e) {
            throw new CorruptionException(path, blockOffsets[block], "malformed data block: " + e.getMessage());
        }
    }

    /** Index of the first block whose last key is &gt;= {@code key}, or -1. */
    int findBlock(MemorySegment key) {
        long keyLength = key.byteSize();
        long keyPrefix = Keys.prefix(key, 0, keyLength);
        int lo = 0;
        int hi = blockOffsets.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long p = indexKeyPrefixes[mid];
            int c = p != keyPrefix ? Long.compareUnsigned(p, keyPrefix)
                    : Keys.compare(file, indexKeyOffsets[mid], indexKeyLengths[mid], key, 0, keyLength);
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == blockOffsets.length ? -1 : lo;
    }

    /** A cursor over data block {@code block}, verified and decompressed. */
    BlockIterator blockIterator(int block) {
        long offset = blockOffsets[block];
        int size = blockSizes[block];
        byte compression = file.get(ValueLayout.JAVA_BYTE, offset + size);
        if ((verified[block >>> 6] & (1L << block)) == 0) {
            int stored = file.get(Keys.INT_LE_UNALIGNED, offset + size + 1);
            int actual = Keys.crc32c(file, offset, size + 1L);
            if (stored != actual) {
                throw new CorruptionException(path, offset, "data block CRC32C mismatch: block=" + block
                        + " stored=" + Integer.toHexString(stored) + " actual=" + Integer.toHexString(actual));
            }
            verified[block >>> 6] |= 1L << block;
        }
        MemorySegment contents = file.asSlice(offset, size);
        try {
            if (compression == SSTableDescriptor.COMPRESSION_ZSTD) {
                int rawLength = contents.get(Keys.INT_LE_UNALIGNED, 0);
                byte[] packed = contents.asSlice(4).toArray(ValueLayout.JAVA_BYTE);
                contents = MemorySegment.ofArray(Zstd.decompress(packed, rawLength));
            } else if (compression != SSTableDescriptor.COMPRESSION_NONE) {
                throw new CorruptionException(path, offset, "unknown compression=" + compression);
            }
            return new BlockIterator(contents);
        } catch (IndexOutOfBoundsException | com.github.luben.zstd.ZstdException e) {
            throw new CorruptionException(path, offset, "malformed data block: " + e.getMessage());
        }
    }

    /** A cursor over every entry of this SSTable, tombstones included. */
    EntryIterator iterator() {
        return new SSTableIterator(this);
    }

    /**
     * Recomputes the whole-file CRC32C stored in the footer (reads every byte).
     *
     * @throws CorruptionException when it does not match
     */
    void verifyFileChecksum() {
        long f = file.byteSize() - FOOTER_LENGTH;
        int stored = file.get(Keys.INT_LE_UNALIGNED, f + SSTableDescriptor.FOOTER_FILE_CRC);
        int actual = Keys.crc32c(file, 0, f);
        if (stored != actual) {
            throw new CorruptionException(path, 0, "file CRC32C mismatch: stored=" + Integer.toHexString(stored)
                    + " actual=" + Integer.toHexString(actual));
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

    /** Marks the file for deletion once the last reference is dropped. */
    void markObsolete() {
        obsolete = true;
    }

    void unref() {
        if (refs.decrementAndGet() == 0) {
            arena.close();
            if (obsolete) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Left for the orphan sweep at the next open; nothing references it any more.
                }
            }
        }
    }
}
