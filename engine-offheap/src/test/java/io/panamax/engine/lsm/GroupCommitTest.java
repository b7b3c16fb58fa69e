package io.panamax.engine.lsm;

import static io.panamax.engine.lsm.LsmStoreTest.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit under fsync always with many writer threads: with and without waiting followers that help. */
class GroupCommitTest {
    @TempDir
    Path dir;

    private static void writeConcurrently(LsmStore store, int threads, int perThread) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    store.put(b("t" + id + "-" + i), b("v" + i));
                }
            }));
        }
        for (Thread w : workers) {
            w.join(60_000);
            assertThat(w.isAlive()).isFalse();
        }
    }

    private static void assertAllReadable(LsmStore store, int threads, int perThread) {
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(store.get(b("t" + t + "-" + i))).as("t%d-%d", t, i).isEqualTo(b("v" + i));
            }
        }
    }

    @Test
    void sixteenWritersShareFsyncsAndYieldingFollowersFillTheMemtable() throws Exception {
        LsmConfig config = LsmStoreTest.small().withFsyncPolicy(FsyncPolicy.ALWAYS);
        assertThat(config.writerYield()).isTrue(); // the default
        try (LsmStore store = LsmStore.open(dir, config)) {
            writeConcurrently(store, 16, 100);
            LsmStats stats = store.stats();
            assertThat(stats.batchesWritten()).isEqualTo(1600);
            assertThat(stats.writeGroups()).isLessThan(1600);
            assertThat(stats.walSyncCount()).isEqualTo(stats.writeGroups());
            assertThat(stats.memtableHandoffs()).isPositive().isLessThanOrEqualTo(stats.writeGroups());
            assertAllReadable(store, 16, 100);
        }
        try (LsmStore reopened = LsmStore.open(dir, config)) { // the WAL holds what the followers inserted
            assertAllReadable(reopened, 16, 100);
        }
    }

    @Test
    void withoutWriterYieldTheLeaderDoesAllTheWork() throws Exception {
        LsmConfig config = LsmStoreTest.small().withFsyncPolicy(FsyncPolicy.ALWAYS).withWriterYield(false);
        try (LsmStore store = LsmStore.open(dir, config)) {
            writeConcurrently(store, 16, 50);
            LsmStats stats = store.stats();
            assertThat(stats.batchesWritten()).isEqualTo(800);
            assertThat(stats.writeGroups()).isLessThan(800);
            assertThat(stats.memtableHandoffs()).isZero();
            assertAllReadable(store, 16, 50);
        }
    }

    @Test
    void withoutGroupCommitEveryBatchHasItsOwnWalWriteAndFsync() throws Exception {
        LsmConfig config = LsmStoreTest.small().withFsyncPolicy(FsyncPolicy.ALWAYS).withGroupCommit(false);
        try (LsmStore store = LsmStore.open(dir, config)) {
            writeConcurrently(store, 16, 20);
            LsmStats stats = store.stats();
            assertThat(stats.batchesWritten()).isEqualTo(320);
            assertThat(stats.writeGroups()).isEqualTo(320);
            assertThat(stats.walSyncCount()).isEqualTo(320);
            assertThat(stats.memtableHandoffs()).isZero();
            assertAllReadable(store, 16, 20);
        }
        try (LsmStore reopened = LsmStore.open(dir, config)) {
            assertAllReadable(reopened, 16, 20);
        }
    }

    @Test
    void whatAFollowerInsertsDuringTheFsyncStaysInvisibleUntilTheFsyncReturned() throws Exception {
        LsmConfig config = LsmStoreTest.small().withFsyncPolicy(FsyncPolicy.ALWAYS);
        try (LsmStore store = LsmStore.open(dir, config)) {
            AtomicLong visibleBefore = new AtomicLong();
            AtomicLong memtableBefore = new AtomicLong();
            AtomicInteger checked = new AtomicInteger();
            AtomicReference<String> failure = new AtomicReference<>();
            store.beforeWalAppend = () -> { // the leader, with its group sealed and nothing of it inserted yet
                visibleBefore.set(count(store));
                memtableBefore.set(store.stats().memtableBytes());
            };
            store.beforeWalSync = helperInserting -> {
                if (!helperInserting || checked.get() >= 20) {
                    return;
                }
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (store.stats().memtableBytes() <= memtableBefore.get() && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // the follower is inserting the group
                }
                if (store.stats().memtableBytes() <= memtableBefore.get()) {
                    return; // the group went into a fresh memtable; nothing to compare
                }
                long visible = count(store);
                if (visible != visibleBefore.get()) {
                    failure.compareAndSet(null, "visible before the fsync: " + visible + " != " + visibleBefore.get());
                }
                checked.incrementAndGet();
            };
            writeConcurrently(store, 8, 100);
            store.beforeWalAppend = null;
            store.beforeWalSync = null;
            assertThat(failure.get()).isNull();
            assertThat(checked.get()).isPositive();
            assertThat(count(store)).isEqualTo(800);
        }
    }

    private static long count(LsmStore store) {
        long n = 0;
        try (LsmIterator it = store.iterator()) {
            while (it.next()) {
                n++;
            }
        }
        return n;
    }
}
