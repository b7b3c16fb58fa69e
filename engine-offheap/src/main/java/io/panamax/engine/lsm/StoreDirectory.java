package io.panamax.engine.lsm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a directory holds as far as {@link LsmStore} is concerned, for callers that lay several stores out. */
public final class StoreDirectory {
    private StoreDirectory() {}

    /** True when {@code dir} holds a store (its {@code MANIFEST}); files of other owners are not looked at. */
    public static boolean holdsStore(Path dir) {
        return Files.isRegularFile(dir.resolve(FileNames.MANIFEST));
    }

    /**
     * Deletes the store's own files in {@code dir}: the WALs first (what is left is the consistent state of the last
     * flush), then {@code MANIFEST} (what is left are orphans a later open deletes), then the SSTables and
     * {@code LOCK}. Other files and subdirectories stay. The store must be closed.
     *
     * @throws StoreException on I/O failure
     */
    public static void deleteStoreFiles(Path dir) {
        try {
            deleteMatching(dir, FileNames.WAL_SUFFIX);
            Files.deleteIfExists(dir.resolve(FileNames.MANIFEST_TEMP));
            FileNames.syncDirectory(dir);
            Files.deleteIfExists(dir.resolve(FileNames.MANIFEST));
            FileNames.syncDirectory(dir);
            deleteMatching(dir, FileNames.SSTABLE_SUFFIX);
            Files.deleteIfExists(dir.resolve(FileNames.LOCK));
            FileNames.syncDirectory(dir);
        } catch (IOException e) {
            throw new StoreException("cannot delete the store files in dir=" + dir + ": " + e, e);
        }
    }

    private static void deleteMatching(Path dir, String suffix) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (FileNames.parseNumber(p.getFileName().toString(), suffix) >= 0) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
