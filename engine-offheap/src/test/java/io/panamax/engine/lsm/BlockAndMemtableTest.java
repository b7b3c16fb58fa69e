package io.panamax.engine.lsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The off-heap building blocks against a {@link TreeMap} model. */
class BlockAndMemtableTest {
    @TempDir
    Path dir;

    static MemorySegment seg(String s) {
        return MemorySegment.ofArray(s.getBytes(UTF_8));
    }

    static String str(MemorySegment s) {
        return new String(s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), UTF_8);
    }

    @Test
    void blockSeekFindsEveryKeyAndEveryGapAcrossRestartIntervals() {
        long seed = TestSeeds.seed("blockSeekFindsEveryKeyAndEveryGapAcrossRestartIntervals");
        Random rnd = new Random(seed);
        TreeMap<String, String> model = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            model.put("k" + Integer.toString(rnd.nextInt(100_000), 36), rnd.nextBoolean() ? "" : "v" + i);
        }
        BlockBuilder builder = new BlockBuilder(3);
        model.forEach((k, v) -> builder.add(seg(k), v.isEmpty() ? null : seg(v)));
        ByteSink out = builder.finish();
        BlockIterator it = new BlockIterator(MemorySegment.ofArray(java.util.Arrays.copyOf(out.array(), out.size())));
        for (int i = 0; i < 1000; i++) {
            String probe = "k" + Integer.toString(rnd.nextInt(110_000), 36);
            it.seek(seg(probe));
            String expected = model.ceilingKey(probe);
            if (expected == null) {
                assertThat(it.valid()).isFalse();
            } else {
                assertThat(str(it.key())).isEqualTo(expected);
                assertThat(it.isTombstone()).isEqualTo(model.get(expected).isEmpty());
                if (!it.isTombstone()) {
                    assertThat(str(it.value())).isEqualTo(model.get(expected));
                }
            }
        }
        int n = 0;
        for (it.seekToFirst(); it.valid(); it.next()) {
            n++;
        }
        assertThat(n).isEqualTo(model.size());
    }

    @Test
    void blockSeekExactAgreesWithTheModelOnKeysThatArePrefixesOfEachOther() {
        long seed = TestSeeds.seed("blockSeekExactAgreesWithTheModelOnKeysThatArePrefixesOfEachOther");
        Random rnd = new Random(seed);
        for (int round = 0; round < 50; round++) {
            TreeMap<String, String> model = new TreeMap<>();
            int keys = 1 + rnd.nextInt(60);
            for (int i = 0; i < keys; i++) { // a two-letter alphabet and short keys: many shared prefixes
                model.put(randomKey(rnd), rnd.nextInt(4) == 0 ? "" : "v" + i);
            }
            BlockBuilder builder = new BlockBuilder(1 + rnd.nextInt(5));
            model.forEach((k, v) -> builder.add(seg(k), v.isEmpty() ? null : seg(v)));
            ByteSink out = builder.finish();
            BlockIterator it = new BlockIterator(MemorySegment.ofArray(java.util.Arrays.copyOf(out.array(), out.size())));
            for (int i = 0; i < 200; i++) {
                String probe = i < model.size() ? (String) model.keySet().toArray()[i] : randomKey(rnd);
                boolean found = it.seekExact(seg(probe));
                assertThat(found).as("probe '%s' in %s (seed %d)", probe, model.keySet(), seed)
                        .isEqualTo(model.containsKey(probe));
                if (found) {
                    assertThat(it.isTombstone()).isEqualTo(model.get(probe).isEmpty());
                    if (!it.isTombstone()) {
                        assertThat(str(it.value())).isEqualTo(model.get(probe));
                    }
                }
            }
        }
    }

    private static String randomKey(Random rnd) {
        StringBuilder k = new StringBuilder();
        int length = rnd.nextInt(7);
        for (int j = 0; j < length; j++) {
            k.append(rnd.nextBoolean() ? 'a' : 'b');
        }
        return k.toString();
    }

    @Test
    void memtableOrdersKeysAroundTheEightBytePrefixLikeTheModel() {
        // Keys of 0-12 bytes over two byte values (0x00 and 0xFF: signed/unsigned and zero-padding traps), so many
        // share their first 8 bytes or are prefixes of each other: the skiplist's prefix fast path must agree with
        // unsigned lexicographic order, and a seek must land on the first key >= the probe.
        long seed = TestSeeds.seed("memtableOrdersKeysAroundTheEightBytePrefixLikeTheModel");
        Random rnd = new Random(seed);
        java.util.Comparator<byte[]> unsigned = java.util.Arrays::compareUnsigned;
        TreeMap<byte[], byte[]> model = new TreeMap<>(unsigned);
        Memtable m = new Memtable(4 << 20, 1);
        try {
            for (int i = 0; i < 3000; i++) {
                byte[] key = new byte[rnd.nextInt(13)];
                for (int j = 0; j < key.length; j++) {
                    key[j] = rnd.nextBoolean() ? 0 : (byte) 0xFF;
                }
                byte[] value = ("v" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                assertThat(m.add(i + 1, MemorySegment.ofArray(key), MemorySegment.ofArray(value))).isTrue();
                model.put(key, value);
            }
            EntryIterator it = m.iterator(Long.MAX_VALUE);
            it.seekToFirst();
            for (java.util.Map.Entry<byte[], byte[]> e : model.entrySet()) {
                assertThat(it.valid()).isTrue();
                assertThat(it.key().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(e.getKey());
                assertThat(it.value().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(e.getValue());
                it.next();
            }
            assertThat(it.valid()).isFalse();
            for (int i = 0; i < 500; i++) {
                byte[] probe = new byte[rnd.nextInt(13)];
                for (int j = 0; j < probe.length; j++) {
                    probe[j] = (byte) (rnd.nextInt(3) - 1); // 0xFF, 0x00 or 0x01
                }
                byte[] expected = model.ceilingKey(probe);
                it.seek(MemorySegment.ofArray(probe));
                if (expected == null) {
                    assertThat(it.valid()).isFalse();
                } else {
                    assertThat(it.key().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(expected);
                }
            }
        } finally {
            m.unref();
        }
    }

    @Test
    void memtableIteratorHidesVersionsNewerThanTheSnapshot() {
        Memtable m = new Memtable(1 << 20, 1);
        try {
            m.add(1, seg("a"), seg("a1"));
            m.add(2, seg("b"), seg("b2"));
            m.add(3, seg("a"), seg("a3"));
            m.add(4, seg("b"), null);
            m.add(5, seg("c"), seg("c5"));
            StringBuilder at3 = new StringBuilder();
            EntryIterator it = m.iterator(3);
            for (it.seekToFirst(); it.valid(); it.next()) {
                at3.append(str(it.key())).append('=').append(it.isTombstone() ? "X" : str(it.value())).append(' ');
            }
            assertThat(at3.toString()).isEqualTo("a=a3 b=b2 ");
            long node = m.find(seg("b"), 10);
            assertThat(m.isTombstone(node)).isTrue();
            assertThat(m.find(seg("c"), 4)).isEqualTo(-1);
            assertThat(str(m.value(m.find(seg("a"), 2)))).isEqualTo("a1");
        } finally {
            m.unref();
        }
    }

    @Test
    void memtableReportsFullInsteadOfOverflowing() {
        Memtable m = new Memtable(64 * 1024, 1);
        try {
            int added = 0;
            while (m.add(added + 1, seg("key" + added), MemorySegment.ofArray(new byte[1000]))) {
                added++;
            }
            assertThat(added).isBetween(50, 64);
            assertThat(m.entryCount()).isEqualTo(added);
        } finally {
            m.unref();
        }
    }

    @Test
    void writersStallWhenMemtablesAwaitFlushAndTheStallIsCounted() {
        LsmConfig config = new LsmConfig(64 * 1024, 1, 4096, 16, 10, FsyncPolicy.NO, 4, 8, 12, 1 << 20, 10,
                1 << 20, 0, true, true, true);
        try (LsmStore store = LsmStore.open(dir, config)) {
            byte[] value = new byte[32 * 1024];
            for (int i = 0; i < 400; i++) {
                store.put(("k" + i).getBytes(UTF_8), value);
            }
            LsmStats stats = store.stats();
            assertThat(stats.stallCount()).isPositive();
            assertThat(stats.flushCount()).isPositive();
            assertThat(store.get("k399".getBytes(UTF_8))).hasSize(value.length);
        }
    }
}
