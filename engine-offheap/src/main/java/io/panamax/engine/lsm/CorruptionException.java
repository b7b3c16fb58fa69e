package io.panamax.engine.lsm;

import java.nio.file.Path;

/**
 * Stored bytes failed a check (CRC32C, magic, version, bounds): the store refuses to return them as data. Names the
 * file and the byte offset where the damaged unit (record, block, footer) starts.
 */
public final class CorruptionException extends StoreException {
    private final Path file;
    private final long offset;

    /**
     * @param file the damaged file
     * @param offset byte offset in {@code file} of the record, block or footer that failed its check
     * @param detail what failed, as {@code name=value} pairs
     */
    public CorruptionException(Path file, long offset, String detail) {
        super("corruption in " + file + " at offset=" + offset + ": " + detail);
        this.file = file;
        this.offset = offset;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** Byte offset in {@link #file()} of the unit that failed its check. */
    public long offset() {
        return offset;
    }
}
