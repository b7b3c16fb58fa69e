package io.panamax.engine.lsm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Appends WAL records (see {@link WalDescriptor}) to one file. {@link #append} is called by one thread at a time (the
 * group-commit leader); {@link #sync} may also be called by the everysec syncer thread.
 */
final class WalWriter implements AutoCloseable {
    private final Path path;
    private final long number;
    private final FileChannel channel;
    private volatile boolean dirty;
    private long sizeBytes;

    private WalWriter(Path path, long number, FileChannel channel) {
        this.path = path;
        this.number = number;
        this.channel = channel;
    }

    /** Creates {@code path} (must not exist), writes the file header and fsyncs file and directory. */
    static WalWriter create(Path path, long number, boolean sync) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        WalWriter w = new WalWriter(path, number, ch);
        ByteBuffer header = ByteBuffer.allocate(WalDescriptor.FILE_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(WalDescriptor.MAGIC).putInt(WalDescriptor.VERSION).putLong(number).flip();
        w.append(header);
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
        while (buffer.hasRemaining()) {
            sizeBytes += channel.write(buffer);
        }
        dirty = true;
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
