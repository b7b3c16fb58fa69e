package io.panamax.engine.lsm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Appends WAL records (see {@link WalDescriptor}) to one file. With {@code preallocate} (the store's
 * {@link FsyncPolicy#ALWAYS}), the file is extended with zeros {@link #PREALLOCATE_BYTES} at a time ahead of the
 * records, so that a record's fdatasync overwrites blocks that already exist in a file whose size does not change:
 * no journal commit for the size, ~210 instead of ~300 us per fsync on this machine's ext4 (PostgreSQL zero-fills
 * its WAL segments for the same reason). Readers stop at the zero tail ({@link WalReader}).
 *
 * <p>{@link #append} is called by one thread at a time (the group-commit leader); {@link #sync} may also be called by
 * the everysec syncer thread.
 */
final class WalWriter implements AutoCloseable {
    /** Bytes of zeros written ahead of the records at a time, when preallocating. */
    static final int PREALLOCATE_BYTES = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10);

    private final Path path;
    private final long number;
    private final FileChannel channel;
    private final boolean preallocate;
    private volatile boolean dirty;
    private long sizeBytes;
    /** File size: the records plus the zero tail written ahead of them (equal to sizeBytes without preallocation). */
    private long allocatedBytes;

    private WalWriter(Path path, long number, FileChannel channel, boolean preallocate) {
        this.path = path;
        this.number = number;
        this.channel = channel;
        this.preallocate = preallocate;
    }

    /**
     * Creates {@code path} (must not exist), writes the file header and fsyncs file and directory.
     *
     * @param preallocate extend the file with zeros ahead of the records (see the class comment)
     */
    static WalWriter create(Path path, long number, boolean sync, boolean preallocate) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        WalWriter w = new WalWriter(path, number, ch, preallocate);
        ByteBuffer header = ByteBuffer.allocate(WalDescriptor.FILE_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(WalDescriptor.MAGIC).putInt(WalDescriptor.VERSION).putLong(number).flip();
        // The header goes first, the zero tail after it: a crash between the two must not leave a file of zeros
        // where the header belongs.
        while (header.hasRemaining()) {
            w.sizeBytes += ch.write(header, w.sizeBytes);
        }
        w.allocatedBytes = w.sizeBytes;
        if (preallocate) {
            w.extend(w.sizeBytes);
        }
        w.dirty = true;
        if (sync) {
            ch.force(true);
            FileNames.syncDirectory(path.getParent());
        }
        return w;
    }

    /**
     * Encodes one record for {@code batch} at the position of {@code dst} (little-endian, with room for
     * {@link WalDescriptor#RECORD_HEADER_LENGTH} + payload bytes).
     */
    static void encodeRecord(ByteBuffer dst, long firstSequence, WriteBatch batch) {
        int start = dst.position();
        dst.putInt(0).putInt(batch.sizeBytes()).putLong(firstSequence).putInt(batch.entryCount());
        dst.put(batch.buffer(), 0, batch.sizeBytes());
        CRC32C crc = new CRC32C();
        crc.update(dst.slice(start + 4, dst.position() - start - 4));
        dst.putInt(start + WalDescriptor.CRC_OFFSET, (int) crc.getValue());
    }

    /** Writes all remaining bytes of {@code buffer} with as few write calls as the OS allows. */
    void append(ByteBuffer buffer) throws IOException {
        if (preallocate && sizeBytes + buffer.remaining() > allocatedBytes) {
            extend(sizeBytes + buffer.remaining());
        }
        while (buffer.hasRemaining()) {
            sizeBytes += channel.write(buffer, sizeBytes);
        }
        allocatedBytes = Math.max(allocatedBytes, sizeBytes);
        dirty = true;
    }

    /** Writes zeros from the end of the file until it holds {@code needed} bytes plus {@link #PREALLOCATE_BYTES}. */
    private void extend(long needed) throws IOException {
        long target = needed + PREALLOCATE_BYTES;
        long at = Math.max(allocatedBytes, sizeBytes);
        while (at < target) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), target - at));
            at += channel.write(zeros, at);
        }
        allocatedBytes = at;
    }

    /**
     * fsyncs the file data (fdatasync) if anything was appended since the last sync.
     *
     * @return true when an fsync was issued
     */
    boolean sync() throws IOException {
        if (dirty) {
            dirty = false;
            channel.force(false);
            return true;
        }
        return false;
    }

    long number() {
        return number;
    }

    Path path() {
        return path;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
