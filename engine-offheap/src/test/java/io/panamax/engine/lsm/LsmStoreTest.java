package io.panamax.engine.lsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsmStoreTest {
    @TempDir
    Path dir;

    /** Small memtables and files so that a few thousand keys exercise flush and compaction. */
    static LsmConfig small() {
        return LsmConfig.defaults().withSizes(64 * 1024, 256 * 1024, 64 * 1024);
    }

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void getsWhatWasPutAndNothingAfterDelete() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            store.put(b("a"), b("1"));
            store.put(b("b"), b("2"));
            store.put(b("a"), b("3"));
            store.delete(b("b"));
            assertThat(store.get(b("a"))).isEqualTo(b("3"));
            assertThat(store.get(b("b"))).isNull();
            assertThat(store.get(b("zz"))).isNull();
        }
    }

    @Test
    void survivesReopenFromWalAlone() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            store.put(b("k1"), b("v1"));
            store.delete(b("k1"));
            store.put(b("k2"), b("v2"));
        }
        try (LsmStore store = LsmStore.open(dir, small())) {
            assertThat(store.get(b("k1"))).isNull();
            assertThat(store.get(b("k2"))).isEqualTo(b("v2"));
            assertThat(store.stats().levels().getFirst().fileCount()).isEqualTo(1);
        }
    }

    @Test
    void matchesTreeMapModelThroughFlushesCompactionsAndReopens() {
        long seed = TestSeeds.seed("matchesTreeMapModelThroughFlushesCompactionsAndReopens");
        Random rnd = new Random(seed);
        TreeMap<String, String> model = new TreeMap<>();
        LsmStore store = LsmStore.open(dir, small());
        try {
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 6000; i++) {
                    String k = String.format("key%05d", rnd.nextInt(3000));
                    if (rnd.nextInt(5) == 0) {
                        store.delete(b(k));
                        model.remove(k);
                    } else {
                        String v = "v" + rnd.nextLong() + "x".repeat(rnd.nextInt(100));
                        store.put(b(k), b(v));
                        model.put(k, v);
                    }
                }
                if (round == 1) {
                    store.compact();
                }
                assertSameAs(store, model, rnd);
                store.close();
                store = LsmStore.open(dir, small());
                assertSameAs(store, model, rnd);
            }
            assertThat(store.stats().levels().stream().mapToInt(LsmStats.LevelStats::fileCount).sum())
                    .isGreaterThanOrEqualTo(1);
        } finally {
            store.close();
        }
    }

    private static void assertSameAs(LsmStore store, TreeMap<String, String> model, Random rnd) {
        List<String> seen = new ArrayList<>();
        try (LsmIterator it = store.iterator()) {
            while (it.next()) {
                String k = new String(it.keyBytes(), UTF_8);
                assertThat(new String(it.valueBytes(), UTF_8)).as("value of %s", k).isEqualTo(model.get(k));
                seen.add(k);
            }
        }
        assertThat(seen).containsExactlyElementsOf(model.keySet());
        for (int i = 0; i < 300; i++) {
            String k = String.format("key%05d", rnd.nextInt(3200));
            byte[] v = store.get(b(k));
            assertThat(v == null ? null : new String(v, UTF_8)).as("get %s", k).isEqualTo(model.get(k));
        }
        String from = String.format("key%05d", rnd.nextInt(3000));
        String to = String.format("key%05d", rnd.nextInt(3000));
        List<String> range = new ArrayList<>();
        try (LsmIterator it = store.iterator(b(from), b(to))) {
            while (it.next()) {
                range.add(new String(it.keyBytes(), UTF_8));
            }
        }
        List<String> expected = from.compareTo(to) < 0 ? List.copyOf(model.subMap(from, to).keySet()) : List.of();
        assertThat(range).containsExactlyElementsOf(expected);
    }

    @Test
    void iteratesPrefixRangesInUnsignedByteOrder() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            store.put(new byte[] {1, (byte) 0xFF}, b("x"));
            store.put(new byte[] {1, 0}, b("y"));
            store.put(new byte[] {2}, b("z"));
            store.put(new byte[] {0, 1}, b("w"));
            store.flush();
            store.put(new byte[] {1, (byte) 0x80}, b("m"));
            List<String> keys = new ArrayList<>();
            try (LsmIterator it = store.prefixIterator(new byte[] {1})) {
                while (it.next()) {
                    keys.add(HexFormat.of().formatHex(it.keyBytes()));
                }
            }
            assertThat(keys).containsExactly("0100", "0180", "01ff");
        }
    }

    @Test
    void iteratorKeepsItsSnapshotWhileWritesFlushesAndCompactionsGoOn() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            for (int i = 0; i < 1000; i++) {
                store.put(b(String.format("k%04d", i)), b("old"));
            }
            try (LsmIterator it = store.iterator()) {
                for (int i = 0; i < 1000; i++) {
                    store.put(b(String.format("k%04d", i)), b("new-value-" + i));
                }
                store.delete(b("k0000"));
                store.compact();
                int n = 0;
                while (it.next()) {
                    assertThat(it.valueBytes()).isEqualTo(b("old"));
                    n++;
                }
                assertThat(n).isEqualTo(1000);
            }
            assertThat(store.get(b("k0000"))).isNull();
            assertThat(store.get(b("k0001"))).isEqualTo(b("new-value-1"));
        }
    }

    @Test
    void compactionDropsTombstonesAtTheBottomLevel() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            for (int i = 0; i < 2000; i++) {
                store.put(b(String.format("k%04d", i)), b("v".repeat(50)));
            }
            store.compact();
            for (int i = 0; i < 2000; i++) {
                store.delete(b(String.format("k%04d", i)));
            }
            store.compact();
            LsmStats stats = store.stats();
            assertThat(stats.levels().stream().mapToLong(LsmStats.LevelStats::sizeBytes).sum()).isZero();
            try (LsmIterator it = store.iterator()) {
                assertThat(it.next()).isFalse();
            }
        }
        assertThat(dir.toFile().list((d, n) -> n.endsWith(".sst"))).isEmpty();
    }

    @Test
    void batchIsAllOrNothingForConcurrentReaders() throws Exception {
        try (LsmStore store = LsmStore.open(dir, small())) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    while (done.getCount() > 0) {
                        byte[] a = store.get(b("a"));
                        byte[] c = store.get(b("c"));
                        try (LsmIterator it = store.iterator()) {
                            Map<String, String> snap = new TreeMap<>();
                            while (it.next()) {
                                snap.put(new String(it.keyBytes(), UTF_8), new String(it.valueBytes(), UTF_8));
                            }
                            if (snap.containsKey("a")) {
                                assertThat(snap.get("a")).isEqualTo(snap.get("b")).isEqualTo(snap.get("c"));
                            }
                        }
                        if (a != null && c != null) {
                            assertThat(Long.parseLong(new String(c, UTF_8)))
                                    .isGreaterThanOrEqualTo(Long.parseLong(new String(a, UTF_8)));
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            for (int i = 0; i < 3000; i++) {
                String v = Integer.toString(i);
                store.write(new WriteBatch().put(b("a"), b(v)).put(b("b"), b(v)).put(b("c"), b(v)));
            }
            done.countDown();
            reader.join();
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void concurrentWritersShareWalWritesThroughGroupCommit() throws Exception {
        LsmConfig config = small().withFsyncPolicy(FsyncPolicy.ALWAYS);
        try (LsmStore store = LsmStore.open(dir, config)) {
            java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
            store.beforeWalAppend = () -> { // hold the first leader so that the other writers queue behind it
                if (first.getAndSet(false)) {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 100; i++) {
                        store.put(b("t" + id + "-" + i), b("v"));
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            LsmStats stats = store.stats();
            assertThat(stats.batchesWritten()).isEqualTo(800);
            assertThat(stats.walSyncCount()).isEqualTo(stats.writeGroups());
            assertThat(stats.writeGroups()).isLessThan(800);
            for (int t = 0; t < 8; t++) {
                assertThat(store.get(b("t" + t + "-99"))).isEqualTo(b("v"));
            }
        }
    }

    @Test
    void aQueuedWriterThatIsInterruptedIsStillCommittedAndKeepsItsInterruptStatus() throws Exception {
        try (LsmStore store = LsmStore.open(dir, small().withFsyncPolicy(FsyncPolicy.ALWAYS))) {
            WalAppendGate gate = WalAppendGate.install(store);
            Thread leader = Thread.ofPlatform().start(() -> store.put(b("leader"), b("1")));
            assertThat(gate.awaitHeld()).isTrue();
            AtomicReference<Boolean> interruptedAfterPut = new AtomicReference<>();
            Thread follower = Thread.ofPlatform().start(() -> {
                store.put(b("follower"), b("2"));
                interruptedAfterPut.set(Thread.currentThread().isInterrupted());
            });
            while (follower.getState() != Thread.State.WAITING) { // parked in the queue behind the held leader
                Thread.sleep(1);
            }
            follower.interrupt();
            Thread.sleep(50);
            assertThat(follower.isAlive()).isTrue(); // an interrupt does not take a writer out of the queue
            gate.open();
            leader.join(10_000);
            follower.join(10_000);
            assertThat(interruptedAfterPut.get()).isTrue();
            assertThat(store.get(b("follower"))).isEqualTo(b("2"));
            assertThat(store.get(b("leader"))).isEqualTo(b("1"));
        }
    }

    @Test
    void writersAndFlushesQueuedTogetherAllComplete() throws Exception {
        try (LsmStore store = LsmStore.open(dir, small().withFsyncPolicy(FsyncPolicy.ALWAYS))) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 100; i++) {
                        store.put(b("t" + id + "-" + i), b("v" + i));
                    }
                }));
            }
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10; i++) {
                    store.flush(); // a queued memtable switch (a writer without a batch) between the groups
                }
            }));
            for (Thread t : threads) {
                t.join(30_000);
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(store.stats().batchesWritten()).isEqualTo(1200);
            for (int t = 0; t < 12; t++) {
                for (int i = 0; i < 100; i++) {
                    assertThat(store.get(b("t" + t + "-" + i))).isEqualTo(b("v" + i));
                }
            }
        }
    }

    @Test
    void aLoneWriterAfterAGroupOfSixteenStillGetsOneSyncPerWriteAndNothingHangs() throws Exception {
        LsmConfig config = small().withFsyncPolicy(FsyncPolicy.ALWAYS);
        try (LsmStore store = LsmStore.open(dir, config)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.put(b("t" + id + "-" + i), b("v" + i));
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            LsmStats afterGroup = store.stats();
            assertThat(afterGroup.batchesWritten()).isEqualTo(800);
            // The leader now expects 16 writers: a lone writer must not wait for them more than once, and every one
            // of its writes is still its own group with its own fsync.
            for (int i = 0; i < 40; i++) {
                store.put(b("alone-" + i), b("x"));
            }
            LsmStats after = store.stats();
            assertThat(after.writeGroups() - afterGroup.writeGroups()).isEqualTo(40);
            assertThat(after.walSyncCount() - afterGroup.walSyncCount()).isEqualTo(40);
            for (int t = 0; t < 16; t++) {
                assertThat(store.get(b("t" + t + "-49"))).isEqualTo(b("v49"));
            }
            assertThat(store.get(b("alone-39"))).isEqualTo(b("x"));
        }
    }

    @Test
    void refusesASecondOpenOfTheSameDirectory() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            assertThatThrownBy(() -> LsmStore.open(dir, small()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("already open");
        }
    }

    @Test
    void rejectsUseAfterClose() {
        LsmStore store = LsmStore.open(dir, small());
        store.close();
        assertThatThrownBy(() -> store.put(b("a"), b("b"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.get(b("a"))).isInstanceOf(StoreException.class);
    }

    @Test
    void deletesObsoleteWalAndSSTableFiles() {
        try (LsmStore store = LsmStore.open(dir, small())) {
            for (int i = 0; i < 5000; i++) {
                store.put(b(String.format("k%05d", i % 700)), b("v".repeat(40) + i));
            }
            store.compact();
            LsmStats stats = store.stats();
            int live = stats.levels().stream().mapToInt(LsmStats.LevelStats::fileCount).sum();
            assertThat(dir.toFile().list((d, n) -> n.endsWith(".sst"))).hasSize(live);
            assertThat(dir.toFile().list((d, n) -> n.endsWith(".wal"))).hasSize(1);
        }
    }

    @Test
    void storesValuesWithZstdCompressedBlocks() {
        LsmConfig config = small().withZstdLevel(3);
        try (LsmStore store = LsmStore.open(dir, config)) {
            for (int i = 0; i < 3000; i++) {
                store.put(b(String.format("k%05d", i)), b("compressible ".repeat(10) + i));
            }
            store.compact();
            assertThat(store.get(b("k01234"))).isEqualTo(b("compressible ".repeat(10) + 1234));
        }
        try (LsmStore store = LsmStore.open(dir, config)) {
            assertThat(store.get(b("k02999"))).isEqualTo(b("compressible ".repeat(10) + 2999));
        }
    }

    @Test
    void acceptsABatchLargerThanAMemtable() {
        byte[] big = new byte[300 * 1024];
        big[12345] = 7;
        try (LsmStore store = LsmStore.open(dir, small())) {
            store.put(b("small"), b("1"));
            store.write(new WriteBatch().put(b("big1"), big).put(b("big2"), big));
            assertThat(store.get(b("big2"))).isEqualTo(big);
        }
        try (LsmStore store = LsmStore.open(dir, small())) {
            assertThat(store.get(b("big1"))).isEqualTo(big);
            assertThat(store.get(b("small"))).isEqualTo(b("1"));
        }
    }

    @Test
    void everysecPolicySyncsTheWalInTheBackground() throws InterruptedException {
        try (LsmStore store = LsmStore.open(dir, small().withFsyncPolicy(FsyncPolicy.EVERYSEC))) {
            store.put(b("a"), b("1"));
            assertThat(store.stats().walSyncCount()).isZero(); // the write itself did not wait for an fsync
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (store.stats().walSyncCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(store.stats().walSyncCount()).isPositive();
        }
        try (LsmStore store = LsmStore.open(dir, small())) {
            assertThat(store.get(b("a"))).isEqualTo(b("1"));
        }
    }

    @Test
    void iteratorRefusesUseFromAnotherThread() throws Exception {
        try (LsmStore store = LsmStore.open(dir, small())) {
            store.put(b("a"), b("1"));
            LsmIterator it = store.iterator();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    it.next();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            other.join();
            assertThat(thrown.get()).isInstanceOf(StoreException.class).hasMessageContaining("thread");
            assertThat(it.next()).isTrue();
            it.close();
        }
    }
}
