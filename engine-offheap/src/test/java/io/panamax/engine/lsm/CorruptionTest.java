package io.panamax.engine.lsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged bytes on disk are reported with file and offset, never returned as data; torn WAL tails are not damage. */
class CorruptionTest {
    @TempDir
    Path dir;

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static LsmConfig bigMemtable() {
        return LsmConfig.defaults().withSizes(8L << 20, 1L << 20, 1L << 20);
    }

    private Path only(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList().getLast();
        }
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int v = raf.read();
            raf.seek(offset);
            raf.write(v ^ 0x10);
        }
    }

    private void writeKeys(int n) {
        try (LsmStore store = LsmStore.open(dir, bigMemtable())) {
            for (int i = 0; i < n; i++) {
                store.put(b(String.format("k%04d", i)), b("value-" + "x".repeat(90) + i));
            }
        }
    }

    @Test
    void flippedByteInSSTableDataBlockIsReportedWithFileAndBlockOffset() throws IOException {
        writeKeys(500);
        try (LsmStore store = LsmStore.open(dir, bigMemtable())) { // recovery flushes the WAL to an SSTable
            assertThat(store.get(b("k0000"))).isNotNull();
        }
        Path sst = only(".sst");
        flip(sst, SSTableDescriptor.HEADER_LENGTH + 200);
        try (LsmStore store = LsmStore.open(dir, bigMemtable())) {
            assertThatThrownBy(() -> store.get(b("k0000")))
                    .isInstanceOfSatisfying(CorruptionException.class, e -> {
                        assertThat(e.file()).isEqualTo(sst);
                        assertThat(e.offset()).isEqualTo(SSTableDescriptor.HEADER_LENGTH);
                    });
            assertThatThrownBy(() -> {
                        try (LsmIterator it = store.iterator()) {
                            while (it.next()) {
                                it.valueBytes();
                            }
                        }
                    })
                    .isInstanceOf(CorruptionException.class)
                    .hasMessageContaining(sst.toString());
            assertThatThrownBy(store::verifyChecksums).isInstanceOf(CorruptionException.class);
            assertThat(store.get(b("k0499"))).isEqualTo(b("value-" + "x".repeat(90) + 499)); // other blocks still read
        }
    }

    @Test
    void flippedByteInSSTableFooterStopsTheOpen() throws IOException {
        writeKeys(50);
        LsmStore.open(dir, bigMemtable()).close();
        Path sst = only(".sst");
        long footer = Files.size(sst) - SSTableDescriptor.FOOTER_LENGTH;
        flip(sst, footer + 3);
        assertThatThrownBy(() -> LsmStore.open(dir, bigMemtable()))
                .isInstanceOfSatisfying(CorruptionException.class, e -> {
                    assertThat(e.file()).isEqualTo(sst);
                    assertThat(e.offset()).isEqualTo(footer);
                });
    }

    @Test
    void flippedByteInWalBodyIsReportedWithFileAndRecordOffset() throws IOException {
        writeKeys(100);
        Path wal = only(".wal");
        flip(wal, WalDescriptor.FILE_HEADER_LENGTH + WalDescriptor.RECORD_HEADER_LENGTH + 3);
        assertThatThrownBy(() -> LsmStore.open(dir, bigMemtable()))
                .isInstanceOfSatisfying(CorruptionException.class, e -> {
                    assertThat(e.file()).isEqualTo(wal);
                    assertThat(e.offset()).isEqualTo(WalDescriptor.FILE_HEADER_LENGTH);
                });
    }

    @Test
    void flippedByteInWalRecordLengthIsStillCorruptionNotATornTail() throws IOException {
        writeKeys(100);
        Path wal = only(".wal");
        long second = WalDescriptor.FILE_HEADER_LENGTH + WalDescriptor.RECORD_HEADER_LENGTH + 1 + 4 + 4 + 5 + 97;
        flip(wal, second + WalDescriptor.LENGTH_OFFSET + 1);
        assertThatThrownBy(() -> LsmStore.open(dir, bigMemtable()))
                .isInstanceOfSatisfying(CorruptionException.class, e -> assertThat(e.offset()).isEqualTo(second));
    }

    @Test
    void tornWalTailIsDiscardedAndEverythingBeforeItRecovered() throws IOException {
        writeKeys(100);
        Path wal = only(".wal");
        long size = Files.size(wal);
        try (RandomAccessFile raf = new RandomAccessFile(wal.toFile(), "rw")) {
            raf.setLength(size - 7); // cut the last record short
            raf.seek(size - 7);
            raf.write(new byte[300]); // and leave zeros after it, as a crashed preallocation would
        }
        try (LsmStore store = LsmStore.open(dir, bigMemtable())) {
            assertThat(store.get(b("k0098"))).isNotNull();
            assertThat(store.get(b("k0099"))).isNull();
            assertThat(store.stats().tornTailsDiscarded()).isEqualTo(1);
            store.put(b("k0099"), b("again"));
        }
        try (LsmStore store = LsmStore.open(dir, bigMemtable())) {
            assertThat(store.get(b("k0099"))).isEqualTo(b("again"));
            assertThat(store.stats().tornTailsDiscarded()).isZero();
        }
    }

    @Test
    void preallocatedWalEndsCleanlyAtItsZeroTailAndARecordTornInsideItIsATornTail() throws IOException {
        LsmConfig always = bigMemtable().withFsyncPolicy(FsyncPolicy.ALWAYS);
        try (LsmStore store = LsmStore.open(dir, always)) {
            for (int i = 0; i < 100; i++) {
                store.put(b(String.format("k%04d", i)), b("v" + i));
            }
        }
        Path wal = only(".wal");
        byte[] bytes = Files.readAllBytes(wal);
        assertThat(bytes.length).isGreaterThanOrEqualTo(WalWriter.PREALLOCATE_BYTES); // records, then zeros
        int end = bytes.length;
        while (bytes[end - 1] == 0) {
            end--;
        }
        assertThat(end).isLessThan(100 * 64);
        try (LsmStore store = LsmStore.open(dir, always)) {
            assertThat(store.get(b("k0099"))).isEqualTo(b("v99"));
            assertThat(store.stats().tornTailsDiscarded()).isZero(); // the zero tail is the end, not damage
            store.put(b("k0100"), b("v100"));
        }
        Path next = only(".wal");
        assertThat(next).isNotEqualTo(wal);
        byte[] after = Files.readAllBytes(next);
        int last = after.length;
        while (after[last - 1] == 0) {
            last--;
        }
        try (RandomAccessFile raf = new RandomAccessFile(next.toFile(), "rw")) {
            raf.seek(last);
            raf.write(new byte[] {0x5A, 0x5A, 0x5A, 0x5A, 0x10}); // the start of a record that never finished
        }
        try (LsmStore store = LsmStore.open(dir, always)) {
            assertThat(store.get(b("k0100"))).isEqualTo(b("v100"));
            assertThat(store.get(b("k0000"))).isEqualTo(b("v0"));
            assertThat(store.stats().tornTailsDiscarded()).isEqualTo(1);
        }
    }

    @Test
    void walOfOnlyZerosFromACrashBeforeItsHeaderDoesNotStopTheOpen() throws IOException {
        LsmConfig always = bigMemtable().withFsyncPolicy(FsyncPolicy.ALWAYS);
        try (LsmStore store = LsmStore.open(dir, always)) {
            store.put(b("k0000"), b("v0"));
        }
        Path newest = only(".wal");
        long number = FileNames.parseNumber(newest.getFileName().toString(), FileNames.WAL_SUFFIX);
        Path zeros = FileNames.wal(dir, number + 1);
        Files.write(zeros, new byte[WalWriter.PREALLOCATE_BYTES]); // extended, header never written
        try (LsmStore store = LsmStore.open(dir, always)) {
            assertThat(store.get(b("k0000"))).isEqualTo(b("v0"));
            assertThat(store.stats().tornTailsDiscarded()).isEqualTo(1);
            store.put(b("k0001"), b("v1"));
        }
        try (LsmStore store = LsmStore.open(dir, always)) {
            assertThat(store.get(b("k0001"))).isEqualTo(b("v1"));
        }
        byte[] zerosWithOneByte = new byte[64];
        zerosWithOneByte[40] = 1; // not a crash leftover: damage
        Path damaged = FileNames.wal(dir, number + 100);
        Files.write(damaged, zerosWithOneByte);
        assertThatThrownBy(() -> LsmStore.open(dir, always))
                .isInstanceOfSatisfying(CorruptionException.class, e -> assertThat(e.file()).isEqualTo(damaged));
    }

    @Test
    void preallocatedWalHasItsHeaderBeforeItsZeroTail() throws IOException {
        Path path = dir.resolve("000001.wal");
        try (WalWriter w = WalWriter.create(path, 1, false, true)) {
            byte[] bytes = Files.readAllBytes(path);
            assertThat(bytes.length).isGreaterThanOrEqualTo(WalWriter.PREALLOCATE_BYTES);
            assertThat(java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0))
                    .isEqualTo(WalDescriptor.MAGIC);
            assertThat(w.sizeBytes()).isEqualTo(WalDescriptor.FILE_HEADER_LENGTH);
        }
    }

    @Test
    void flippedByteInManifestStopsTheOpen() throws IOException {
        writeKeys(10);
        LsmStore.open(dir, bigMemtable()).close();
        flip(dir.resolve(FileNames.MANIFEST), 10);
        assertThatThrownBy(() -> LsmStore.open(dir, bigMemtable()))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining(FileNames.MANIFEST);
    }

    @Test
    void leftoverFilesFromAnInterruptedFlushDoNotStopTheOpen() throws IOException {
        writeKeys(10);
        Files.write(dir.resolve("000999.sst"), new byte[] {1, 2, 3});
        Files.write(dir.resolve(FileNames.MANIFEST_TEMP), new byte[] {4, 5});
        try (LsmStore store = LsmStore.open(dir, bigMemtable())) {
            assertThat(store.get(b("k0009"))).isNotNull();
        }
        assertThat(dir.resolve("000999.sst")).doesNotExist();
        assertThat(dir.resolve(FileNames.MANIFEST_TEMP)).doesNotExist();
    }
}
