package io.panamax.engine.lsm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reads and atomically replaces the {@code MANIFEST} file (see {@link ManifestDescriptor}). */
final class Manifest {
    /**
     * The durable state of a store.
     *
     * @param nextFileNumber next number to give a WAL or SSTable
     * @param lastSequence a sequence number at or above every flushed entry
     * @param logNumber WAL files numbered below this are fully flushed and may be deleted
     * @param levels SSTables per level
     */
    record State(long nextFileNumber, long lastSequence, long logNumber, List<List<FileMeta>> levels) {}

    private Manifest() {}

    static byte[] encode(State state) {
        ByteSink out = new ByteSink(256);
        int count = 0;
        for (List<FileMeta> level : state.levels()) {
            count += level.size();
        }
        out.writeInt(ManifestDescriptor.MAGIC).writeInt(ManifestDescriptor.VERSION);
        out.writeLong(state.nextFileNumber()).writeLong(state.lastSequence()).writeLong(state.logNumber());
        out.writeInt(count);
        for (int level = 0; level < state.levels().size(); level++) {
            for (FileMeta f : state.levels().get(level)) {
                out.writeInt(level).writeLong(f.number()).writeLong(f.sizeBytes()).writeLong(f.entryCount());
                out.writeInt(f.smallest().length).write(f.smallest());
                out.writeInt(f.largest().length).write(f.largest());
            }
        }
        out.writeInt(Keys.crc32c(out.segment(), 0, out.size()));
        return java.util.Arrays.copyOf(out.array(), out.size());
    }

    /** @throws CorruptionException naming the manifest and the offset of the bad field */
    static State decode(Path path, MemorySegment in) {
        long size = in.byteSize();
        if (size < ManifestDescriptor.HEADER_LENGTH + 4) {
            throw new CorruptionException(path, 0, "manifest too small: size=" + size);
        }
        int stored = in.get(Keys.INT_LE_UNALIGNED, size - 4);
        int actual = Keys.crc32c(in, 0, size - 4);
        if (stored != actual) {
            throw new CorruptionException(path, size - 4, "manifest CRC32C mismatch: stored="
                    + Integer.toHexString(stored) + " actual=" + Integer.toHexString(actual));
        }
        int magic = in.get(Keys.INT_LE_UNALIGNED, 0);
        int version = in.get(Keys.INT_LE_UNALIGNED, 4);
        if (magic != ManifestDescriptor.MAGIC || version != ManifestDescriptor.VERSION) {
            throw new CorruptionException(path, 0, "bad manifest header magic=" + Integer.toHexString(magic)
                    + " version=" + version);
        }
        long next = in.get(Keys.LONG_LE_UNALIGNED, 8);
        long lastSequence = in.get(Keys.LONG_LE_UNALIGNED, 16);
        long logNumber = in.get(Keys.LONG_LE_UNALIGNED, 24);
        int count = in.get(Keys.INT_LE_UNALIGNED, 32);
        List<List<FileMeta>> levels = new ArrayList<>();
        for (int i = 0; i < LsmConfig.LEVELS; i++) {
            levels.add(new ArrayList<>());
        }
        long o = ManifestDescriptor.HEADER_LENGTH;
        try {
            for (int i = 0; i < count; i++) {
                int level = in.get(Keys.INT_LE_UNALIGNED, o);
                long number = in.get(Keys.LONG_LE_UNALIGNED, o + 4);
                long fileSize = in.get(Keys.LONG_LE_UNALIGNED, o + 12);
                long entries = in.get(Keys.LONG_LE_UNALIGNED, o + 20);
                int sl = in.get(Keys.INT_LE_UNALIGNED, o + 28);
                byte[] smallest = in.asSlice(o + 32, sl).toArray(ValueLayout.JAVA_BYTE);
                int ll = in.get(Keys.INT_LE_UNALIGNED, o + 32 + sl);
                byte[] largest = in.asSlice(o + 36 + sl, ll).toArray(ValueLayout.JAVA_BYTE);
                levels.get(level).add(new FileMeta(number, fileSize, entries, smallest, largest));
                o += 36L + sl + ll;
            }
        } catch (IndexOutOfBoundsException e) {
            throw new CorruptionException(path, o, "malformed manifest file entry: " + e.getMessage());
        }
        return new State(next, lastSequence, logNumber, levels);
    }

    /** Reads {@code dir/MANIFEST}, or returns null when there is none. */
    static State read(Path dir) throws IOException {
        Path path = dir.resolve(FileNames.MANIFEST);
        if (!Files.exists(path)) {
            return null;
        }
        return decode(path, MemorySegment.ofArray(Files.readAllBytes(path)));
    }

    /** Atomically replaces {@code dir/MANIFEST}: temp file, fsync, rename, fsync directory. */
    static void write(Path dir, State state) throws IOException {
        Path temp = dir.resolve(FileNames.MANIFEST_TEMP);
        byte[] bytes = encode(state);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(temp, dir.resolve(FileNames.MANIFEST), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        FileNames.syncDirectory(dir);
    }
}
