package io.panamax.engine.lsm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Names of the files in a store directory: {@code NNNNNN.wal}, {@code NNNNNN.sst}, {@code MANIFEST}, {@code LOCK}. */
final class FileNames {
    static final String MANIFEST = "MANIFEST";
    static final String MANIFEST_TEMP = "MANIFEST.tmp";
    static final String LOCK = "LOCK";
    static final String WAL_SUFFIX = ".wal";
    static final String SSTABLE_SUFFIX = ".sst";

    private FileNames() {}

    static Path wal(Path dir, long number) {
        return dir.resolve(String.format("%06d%s", number, WAL_SUFFIX));
    }

    static Path sstable(Path dir, long number) {
        return dir.resolve(String.format("%06d%s", number, SSTABLE_SUFFIX));
    }

    /** The number of a {@code NNNNNN.suffix} file name, or -1 when the name is not of that form. */
    static long parseNumber(String name, String suffix) {
        if (!name.endsWith(suffix)) {
            return -1;
        }
        String digits = name.substring(0, name.length() - suffix.length());
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    /** fsyncs a directory so that created, renamed and deleted entries are durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
