package io.panamax.engine.lsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LsmStore#writeAsync}: completion after the WAL write, group commit, failure propagation, close. */
class AsyncWriteTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static WriteBatch put(String k, String v) {
        return new WriteBatch().put(b(k), b(v));
    }

    @Test
    void completesOnlyAfterTheWalWriteAndIsThenVisible() throws Exception {
        try (LsmStore store = LsmStore.open(dir, LsmStoreTest.small().withFsyncPolicy(FsyncPolicy.ALWAYS))) {
            WalAppendGate gate = WalAppendGate.install(store);
            CompletableFuture<Void> f = store.writeAsync(put("k", "v"));
            assertThat(gate.awaitHeld()).isTrue();
            assertThat(f).isNotDone();
            assertThat(store.get(b("k"))).isNull();
            assertThat(store.stats().walSyncCount()).isZero();
            gate.open();
            f.get(10, TimeUnit.SECONDS);
            assertThat(store.stats().walSyncCount()).isEqualTo(1);
            assertThat(store.get(b("k"))).isEqualTo(b("v"));
        }
    }

    @Test
    void concurrentSubmittersShareFsyncsAndCompleteInOrder() throws Exception {
        int threads = 8;
        int perThread = 200;
        try (LsmStore store = LsmStore.open(dir, LsmStoreTest.small().withFsyncPolicy(FsyncPolicy.ALWAYS))) {
            WalAppendGate gate = WalAppendGate.install(store); // hold the first group until every write is queued
            List<List<CompletableFuture<Void>>> futures = new ArrayList<>();
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<CompletableFuture<Void>> mine = new ArrayList<>();
                futures.add(mine);
                int id = t;
                submitters.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        mine.add(store.writeAsync(put("t" + id + "-" + i, "v" + i)));
                    }
                }));
            }
            for (Thread t : submitters) {
                t.join();
            }
            gate.open();
            for (List<CompletableFuture<Void>> mine : futures) {
                for (int i = 0; i < mine.size(); i++) {
                    mine.get(i).get(10, TimeUnit.SECONDS);
                    for (int j = 0; j < i; j++) { // completion order = submission order
                        assertThat(mine.get(j)).isDone();
                    }
                }
            }
            LsmStats stats = store.stats();
            assertThat(stats.walSyncCount()).isLessThan((long) threads * perThread).isGreaterThan(0);
            assertThat(stats.walSyncCount()).isLessThanOrEqualTo(stats.writeGroups());
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    assertThat(store.get(b("t" + t + "-" + i))).isEqualTo(b("v" + i));
                }
            }
        }
        try (LsmStore store = LsmStore.open(dir, LsmStoreTest.small())) { // durable across reopen
            assertThat(store.get(b("t7-199"))).isEqualTo(b("v199"));
        }
    }

    @Test
    void aFailedWalWriteFailsTheCompletionsAndLaterWrites() throws Exception {
        try (LsmStore store = LsmStore.open(dir, LsmStoreTest.small().withFsyncPolicy(FsyncPolicy.ALWAYS))) {
            store.writeAsync(put("before", "1")).get(10, TimeUnit.SECONDS);
            assertThat(store.failure()).isNull();
            CountDownLatch release = new CountDownLatch(1);
            store.beforeWalAppend = () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new UncheckedIOException(new java.io.IOException("injected: no space left on device"));
            };
            List<CompletableFuture<Void>> group = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                group.add(store.writeAsync(put("k" + i, "v")));
            }
            release.countDown();
            for (CompletableFuture<Void> f : group) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(StoreException.class)
                        .hasMessageContaining("no space left on device");
            }
            store.beforeWalAppend = null;
            assertThat(store.failure()).isNotNull().hasMessageContaining("no space left on device"); // what /health reports
            CompletableFuture<Void> later = store.writeAsync(put("later", "v"));
            assertThatThrownBy(() -> later.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
            assertThat(store.get(b("before"))).isEqualTo(b("1"));
            assertThat(store.get(b("k0"))).isNull();
        }
    }

    @Test
    void closeCommitsWhatIsQueuedThenRefuses() throws Exception {
        LsmStore store = LsmStore.open(dir, LsmStoreTest.small().withFsyncPolicy(FsyncPolicy.EVERYSEC));
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queued.add(store.writeAsync(put("k" + i, "v" + i)));
        }
        store.close();
        for (CompletableFuture<Void> f : queued) {
            assertThat(f).isCompleted();
        }
        assertThatThrownBy(() -> store.writeAsync(put("x", "y")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        try (LsmStore again = LsmStore.open(dir, LsmStoreTest.small())) {
            assertThat(again.get(b("k99"))).isEqualTo(b("v99"));
        }
    }

    @Test
    void emptyBatchCompletesAtOnce() {
        try (LsmStore store = LsmStore.open(dir, LsmStoreTest.small())) {
            assertThat(store.writeAsync(new WriteBatch())).isCompleted();
        }
    }
}
