package io.panamax.engine.lsm;

import static io.panamax.engine.lsm.WalDescriptor.COUNT_OFFSET;
import static io.panamax.engine.lsm.WalDescriptor.LENGTH_OFFSET;
import static io.panamax.engine.lsm.WalDescriptor.RECORD_HEADER_LENGTH;
import static io.panamax.engine.lsm.WalDescriptor.SEQUENCE_OFFSET;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Replays one WAL file (see {@link WalDescriptor}). Stops cleanly at a torn tail: an incomplete record, or a record
 * failing its CRC32C with no valid record after it. A bad record followed by a valid one, a bad file header or a
 * sequence number going backwards is reported as {@link CorruptionException} with the file and offset.
 */
final class WalReader {
    /** Receives one replayed record. */
    @FunctionalInterface
    interface RecordSink {
        void accept(long firstSequence, int entryCount, MemorySegment payload, long recordOffset);
    }

    /**
     * What the replay found.
     *
     * @param lastSequence sequence number of the last replayed entry, or {@code afterSequence} if none
     * @param recordCount records replayed
     * @param tornTailOffset offset where a torn tail was discarded, or -1 when the file ended cleanly
     */
    record Result(long lastSequence, long recordCount, long tornTailOffset) {}

    private WalReader() {}

    /**
     * @param afterSequence sequence numbers at or below this were already recovered; records must be above it
     */
    static Result replay(Path path, long afterSequence, RecordSink sink) throws IOException {
        try (Arena arena = Arena.ofConfined();
                FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < WalDescriptor.FILE_HEADER_LENGTH) {
                // Crash between create and header write: nothing was ever acknowledged from this file.
                return new Result(afterSequence, 0, size == 0 ? -1 : 0);
            }
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            int magic = file.get(Keys.INT_LE_UNALIGNED, 0);
            int version = file.get(Keys.INT_LE_UNALIGNED, WalDescriptor.VERSION_OFFSET);
            if (magic != WalDescriptor.MAGIC || version != WalDescriptor.VERSION) {
                if (allZero(file, 0, size)) {
                    // Extended but never written (a crash, or a power loss after the size reached the disk
                    // before the data): no record in it was ever acknowledged.
                    return new Result(afterSequence, 0, 0);
                }
                throw new CorruptionException(path, 0, "bad WAL header magic=" + Integer.toHexString(magic)
                        + " version=" + version);
            }
            long offset = WalDescriptor.FILE_HEADER_LENGTH;
            long lastSequence = afterSequence;
            long records = 0;
            while (offset < size) {
                if (!isValidRecord(file, offset, size)) {
                    if (allZero(file, offset, size)) {
                        return new Result(lastSequence, records, -1); // the zero tail of a preallocated file
                    }
                    if (validRecordFollows(file, offset + 1, size, lastSequence)) {
                        throw new CorruptionException(path, offset, "WAL record fails CRC32C or bounds check"
                                + " and valid records follow it; lastGoodSequence=" + lastSequence);
                    }
                    return new Result(lastSequence, records, offset);
                }
                int length = file.get(Keys.INT_LE_UNALIGNED, offset + LENGTH_OFFSET);
                long first = file.get(Keys.LONG_LE_UNALIGNED, offset + SEQUENCE_OFFSET);
                int count = file.get(Keys.INT_LE_UNALIGNED, offset + COUNT_OFFSET);
                if (first <= lastSequence && records > 0 || count < 0) {
                    throw new CorruptionException(path, offset, "WAL sequence goes backwards: firstSequence="
                            + first + " lastSequence=" + lastSequence + " entryCount=" + count);
                }
                MemorySegment payload = file.asSlice(offset + RECORD_HEADER_LENGTH, length);
                try {
                    sink.accept(first, count, payload, offset);
                } catch (IndexOutOfBoundsException e) {
                    throw new CorruptionException(path, offset, "malformed WAL payload: " + e.getMessage());
                }
                lastSequence = first + count - 1;
                records++;
                offset += RECORD_HEADER_LENGTH + length;
            }
            return new Result(lastSequence, records, -1);
        }
    }

    /** Whether {@code [from, size)} holds only zero bytes (what a preallocated WAL has after its last record). */
    private static boolean allZero(MemorySegment file, long from, long size) {
        long o = from;
        for (; o + 8 <= size; o += 8) {
            if (file.get(Keys.LONG_LE_UNALIGNED, o) != 0) {
                return false;
            }
        }
        for (; o < size; o++) {
            if (file.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isValidRecord(MemorySegment file, long offset, long size) {
        if (size - offset < RECORD_HEADER_LENGTH) {
            return false;
        }
        int length = file.get(Keys.INT_LE_UNALIGNED, offset + LENGTH_OFFSET);
        if (length < 0 || length > size - offset - RECORD_HEADER_LENGTH) {
            return false;
        }
        int stored = file.get(Keys.INT_LE_UNALIGNED, offset);
        return stored == Keys.crc32c(file, offset + 4, RECORD_HEADER_LENGTH - 4 + (long) length);
    }

    /**
     * Scans for any valid record header at or after {@code from}: evidence that the damage is not a torn tail. Only
     * candidates whose sequence number continues the log are checksummed, so the scan stays cheap.
     */
    private static boolean validRecordFollows(MemorySegment file, long from, long size, long lastSequence) {
        for (long o = from; o + RECORD_HEADER_LENGTH <= size; o++) {
            long seq = file.get(Keys.LONG_LE_UNALIGNED, o + SEQUENCE_OFFSET);
            if (seq > lastSequence && seq - lastSequence < (1L << 40) && isValidRecord(file, o, size)) {
                return true;
            }
        }
        return false;
    }
}
