package io.panamax.engine.lsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freezes every persisted format (WAL, block and manifest version 1, SSTable version 2): if one of these fails, the
 * on-disk format changed. Bump the format version, keep a reader for the old one (and a test that reads its frozen
 * bytes, as {@link #sstableFormatVersion1IsStillRead}), and only then update the expected bytes (and FORMAT.md).
 */
class GoldenBytesTest {
    @TempDir
    Path dir;

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void walRecordFormatVersion1IsFrozen() {
        WriteBatch batch = new WriteBatch().put(b("key"), b("val")).delete(b("gone"));
        ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        WalWriter.encodeRecord(buf, 7, batch);
        byte[] record = new byte[buf.position()];
        buf.flip().get(record);
        assertThat(hex(record)).isEqualTo(WAL_RECORD);
    }

    @Test
    void blockFormatVersion1IsFrozen() {
        BlockBuilder block = new BlockBuilder(2);
        block.add(MemorySegment.ofArray(b("apple")), MemorySegment.ofArray(b("1")));
        block.add(MemorySegment.ofArray(b("apricot")), null);
        block.add(MemorySegment.ofArray(b("banana")), MemorySegment.ofArray(b("22")));
        ByteSink out = block.finish();
        assertThat(hex(java.util.Arrays.copyOf(out.array(), out.size()))).isEqualTo(BLOCK);
    }

    @Test
    void sstableFormatVersion2IsFrozen() throws IOException {
        LsmConfig config = LsmConfig.defaults();
        Path path = dir.resolve("000001.sst");
        try (SSTableWriter w = new SSTableWriter(path, 1, config)) {
            w.add(MemorySegment.ofArray(b("a")), MemorySegment.ofArray(b("1")));
            w.add(MemorySegment.ofArray(b("b")), null);
            w.finish();
        }
        assertThat(hex(Files.readAllBytes(path))).isEqualTo(SSTABLE);
    }

    @Test
    void sstableFormatVersion1IsStillRead() throws IOException {
        Path path = dir.resolve("000001.sst");
        byte[] bytes = HexFormat.of().parseHex(SSTABLE_V1);
        Files.write(path, bytes);
        SSTableReader r = SSTableReader.open(path, new FileMeta(1, bytes.length, 2, b("a"), b("b")));
        try {
            // Lookups pass the format-2 hash; the reader must probe its format-1 filter with the old hash.
            MemorySegment a = MemorySegment.ofArray(b("a"));
            MemorySegment v = r.get(a, Keys.hash64(a));
            assertThat(v).isNotNull();
            assertThat(v.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(b("1"));
            MemorySegment bKey = MemorySegment.ofArray(b("b"));
            assertThat(r.get(bKey, Keys.hash64(bKey))).isSameAs(SSTableReader.TOMBSTONE);
            MemorySegment c = MemorySegment.ofArray(b("c"));
            assertThat(r.get(c, Keys.hash64(c))).isNull();
        } finally {
            r.unref();
        }
    }

    @Test
    void sstableWithFooterVersionUnlikeItsHeaderIsCorrupt() throws IOException {
        Path path = dir.resolve("000001.sst");
        byte[] bytes = HexFormat.of().parseHex(SSTABLE);
        int footer = bytes.length - SSTableDescriptor.FOOTER_LENGTH;
        bytes[footer + SSTableDescriptor.FOOTER_VERSION] = 1;
        int crc = Keys.crc32c(MemorySegment.ofArray(bytes), footer, SSTableDescriptor.FOOTER_CRC);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(footer + SSTableDescriptor.FOOTER_CRC, crc);
        Files.write(path, bytes);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> SSTableReader.open(path, new FileMeta(1, bytes.length, 2, b("a"), b("b"))))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("footer version=1");
    }

    @Test
    void manifestFormatVersion1IsFrozen() {
        List<List<FileMeta>> levels = new ArrayList<>();
        for (int i = 0; i < LsmConfig.LEVELS; i++) {
            levels.add(new ArrayList<>());
        }
        levels.get(1).add(new FileMeta(5, 4096, 10, b("a"), b("z")));
        byte[] bytes = Manifest.encode(new Manifest.State(9, 100, 8, levels));
        assertThat(hex(bytes)).isEqualTo(MANIFEST);
        assertThat(Manifest.decode(dir, MemorySegment.ofArray(bytes)).levels().get(1).getFirst().number())
                .isEqualTo(5);
    }

    @Test
    void bloomHashIsFrozen() {
        MemorySegment key = MemorySegment.ofArray(b("panamax-bloom"));
        assertThat(Long.toHexString(Keys.hash64(key))).isEqualTo(HASH);
        assertThat(Long.toHexString(Keys.hash64V1(key, 0, key.byteSize()))).isEqualTo(HASH_V1);
    }

    @Test
    void bloomHashIsTheSameForNativeAndHeapKeys() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            byte[] bytes = b("xpanamax-bloom-and-a-key-longer-than-thirty-two-bytes");
            MemorySegment heap = MemorySegment.ofArray(bytes).asSlice(1);
            MemorySegment nativeKey = arena.allocate(heap.byteSize());
            nativeKey.copyFrom(heap);
            assertThat(Keys.hash64(nativeKey)).isEqualTo(Keys.hash64(heap));
        }
    }

    static final String WAL_RECORD =
            "80a26d13180000000700000000000000020000000103000000030000006b657976616c0004000000676f6e65";
    static final String BLOCK =
            "0005026170706c65310205007269636f7400060362616e616e613232000000001100000002000000";
    static final String SSTABLE =
            "50585353020000000000000000000000000102613100010062000000000100000000f7a8975500000000000000000000"
            + "000000000000000000000000000000000000002000000000000000000000000800000010004010008000000000080000"
            + "0000010000000000000000210000004000400000000000000020000000000200070041a0207400010d62100000000000"
            + "0000110000000000000001000000001a10ae228600000000000000400000000000000002000000000000001800000041"
            + "0000001d6d2f2b02000000505853530b8e0e45";
    static final String SSTABLE_V1 =
            "50585353010000000000000000000000000102613100010062000000000100000000f7a897550009404054c444200700"
            + "5919c14100010d621000000000000000110000000000000001000000001a10ae22340000000000000026000000000000"
            + "00020000000000000018000000090000006c8a34c90100000050585353eade2031";
    static final String MANIFEST =
            "50584d4e0100000009000000000000006400000000000000080000000000000001000000010000000500000000000000"
            + "00100000000000000a000000000000000100000061010000007ad466f77e";
    static final String HASH = "6af86d7c9e21d03e";
    static final String HASH_V1 = "58fdbdcdf1fa7be5";
}
