package io.panamax.engine.lsm;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes one SSTable in the {@link SSTableDescriptor} layout from entries added in strictly ascending key order.
 * {@link #finish()} fsyncs the file; the caller records it in the manifest. Not thread-safe.
 */
final class SSTableWriter implements AutoCloseable {
    private final Path path;
    private final long number;
    private final LsmConfig config;
    private final FileChannel channel;
    private final CRC32C fileCrc = new CRC32C();
    private final BlockBuilder data;
    private final BlockBuilder index = new BlockBuilder(1);
    private static final int OUTPUT_BUFFER_BYTES = 256 * 1024;
    private final ByteSink handle = new ByteSink(12);
    private final ByteSink out = new ByteSink(OUTPUT_BUFFER_BYTES + 8192);
    private long offset;
    private long entryCount;
    private long[] hashes = new long[1024];
    private byte[] smallest;
    private boolean finished;

    SSTableWriter(Path path, long number, LsmConfig config) throws IOException {
        this.path = path;
        this.number = number;
        this.config = config;
        this.data = new BlockBuilder(config.restartInterval());
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteSink header = new ByteSink(SSTableDescriptor.HEADER_LENGTH);
        header.writeInt(SSTableDescriptor.MAGIC).writeInt(SSTableDescriptor.VERSION);
        header.writeInt(config.zstdLevel() > 0 ? SSTableDescriptor.FLAG_ZSTD : 0).writeInt(0);
        write(header.array(), header.size());
    }

    /** Appends an entry; {@code value == null} writes a tombstone. Keys must be strictly ascending. */
    void add(MemorySegment key, MemorySegment value) throws IOException {
        if (pendingIndexKey != null) {
            // The previous block's index key only has to separate it from this block: keep it short (LevelDB's
            // FindShortestSeparator), so that the index of long keys stays small and cache-resident.
            addIndexEntry(Keys.shortestSeparator(pendingIndexKey, key));
        }
        if (smallest == null) {
            smallest = key.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
        if (config.bloomBitsPerKey() > 0) {
            if (entryCount == hashes.length) {
                hashes = Arrays.copyOf(hashes, hashes.length * 2);
            }
            hashes[(int) entryCount] = Keys.hash64(key);
        }
        data.add(key, value);
        entryCount++;
        if (data.estimatedSizeBytes() >= config.blockSizeBytes()) {
            flushDataBlock();
        }
    }

    /** Bytes written so far (an estimate of the final file size). */
    long sizeBytes() {
        return offset + data.estimatedSizeBytes();
    }

    long entryCount() {
        return entryCount;
    }

    /** Writes filter, index and footer, fsyncs and closes; returns the file's manifest entry. */
    FileMeta finish() throws IOException {
        byte[] largest = data.isEmpty() ? lastIndexKey : data.lastKey().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        if (!data.isEmpty()) {
            flushDataBlock();
        }
        if (pendingIndexKey != null) {
            addIndexEntry(pendingIndexKey); // last block: its last key
        }
        // The filter block starts on a 64-byte boundary, so each of its lines is one cache line of the mapping.
        int padding = (int) (-offset & (BloomFilter.LINE_BYTES - 1));
        write(new byte[padding], padding);
        long filterOffset = offset;
        byte[] filter = config.bloomBitsPerKey() > 0
                ? BloomFilter.build(hashes, (int) entryCount, config.bloomBitsPerKey())
                : new byte[0];
        writeBlock(filter, filter.length, SSTableDescriptor.COMPRESSION_NONE);
        long indexOffset = offset;
        ByteSink indexBlock = index.finish();
        int indexSize = indexBlock.size();
        writeBlock(indexBlock.array(), indexSize, SSTableDescriptor.COMPRESSION_NONE);
        ByteSink footer = new ByteSink(SSTableDescriptor.FOOTER_LENGTH);
        footer.writeLong(indexOffset).writeLong(filterOffset).writeLong(entryCount);
        footer.writeInt(indexSize).writeInt(filter.length).writeInt((int) fileCrc.getValue());
        footer.writeInt(SSTableDescriptor.VERSION).writeInt(SSTableDescriptor.MAGIC);
        footer.writeInt(Keys.crc32c(footer.segment(), 0, SSTableDescriptor.FOOTER_CRC));
        write(footer.array(), footer.size());
        flushOutput();
        channel.force(true);
        channel.close();
        finished = true;
        return new FileMeta(number, offset, entryCount, smallest == null ? new byte[0] : smallest,
                largest == null ? new byte[0] : largest);
    }

    private byte[] lastIndexKey;
    private byte[] pendingIndexKey; // last key of the block whose index entry waits for the next block's first key

    private void addIndexEntry(byte[] key) {
        index.add(MemorySegment.ofArray(key), handle.segment());
        pendingIndexKey = null;
    }

    private void flushDataBlock() throws IOException {
        byte[] lastKey = data.lastKey().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        ByteSink block = data.finish();
        long blockOffset = offset;
        int storedSize;
        if (config.zstdLevel() > 0) {
            byte[] raw = Arrays.copyOf(block.array(), block.size());
            byte[] packed = Zstd.compress(raw, config.zstdLevel());
            if (packed.length + 4 < raw.length - raw.length / 8) {
                ByteSink z = new ByteSink(packed.length + 4).writeInt(raw.length).write(packed);
                storedSize = z.size();
                writeBlock(z.array(), storedSize, SSTableDescriptor.COMPRESSION_ZSTD);
            } else {
                storedSize = block.size();
                writeBlock(block.array(), storedSize, SSTableDescriptor.COMPRESSION_NONE);
            }
        } else {
            storedSize = block.size();
            writeBlock(block.array(), storedSize, SSTableDescriptor.COMPRESSION_NONE);
        }
        handle.reset();
        handle.writeLong(blockOffset).writeInt(storedSize);
        pendingIndexKey = lastKey;
        lastIndexKey = lastKey;
        data.reset();
    }

    private void writeBlock(byte[] bytes, int length, byte compression) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        crc.update(compression);
        ByteSink trailer = new ByteSink(SSTableDescriptor.BLOCK_TRAILER_LENGTH);
        trailer.writeByte(compression).writeInt((int) crc.getValue());
        write(bytes, length);
        write(trailer.array(), trailer.size());
    }

    private void write(byte[] bytes, int length) throws IOException {
        fileCrc.update(bytes, 0, length);
        out.write(MemorySegment.ofArray(bytes), 0, length);
        offset += length;
        if (out.size() >= OUTPUT_BUFFER_BYTES) {
            flushOutput();
        }
    }

    private void flushOutput() throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(out.array(), 0, out.size());
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        out.reset();
    }

    Path path() {
        return path;
    }

    /** Closes; an unfinished file is deleted. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            channel.close();
            Files.deleteIfExists(path);
        }
    }
}
