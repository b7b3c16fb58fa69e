package io.panamax.engine.lsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LsmStore#tryWrite}: commits at once when nothing makes it wait, else does nothing. */
class TryWriteTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void commitsAtOnceAndSurvivesAReopen() {
        try (LsmStore store = LsmStore.open(dir, LsmStoreTest.small().withFsyncPolicy(FsyncPolicy.EVERYSEC))) {
            assertThat(store.tryWrite(new WriteBatch().put(b("a"), b("1")).put(b("b"), b("2")))).isTrue();
            assertThat(store.get(b("a"))).isEqualTo(b("1"));
            assertThat(store.tryWrite(new WriteBatch().delete(b("a")).put(b("c"), b("3")))).isTrue();
            assertThat(store.get(b("a"))).isNull();
            assertThat(store.stats().walBytes()).isPositive();
        }
        try (LsmStore store = LsmStore.open(dir, LsmStoreTest.small())) {
            assertThat(store.get(b("a"))).isNull();
            assertThat(store.get(b("b"))).isEqualTo(b("2"));
            assertThat(store.get(b("c"))).isEqualTo(b("3"));
        }
    }

    @Test
    void refusesWithoutWritingWhileAnotherWriterCommits() throws Exception {
        try (LsmStore store = LsmStore.open(dir, LsmStoreTest.small().withFsyncPolicy(FsyncPolicy.NO))) {
            WalAppendGate gate = WalAppendGate.install(store);
            CompletableFuture<Void> first = store.writeAsync(new WriteBatch().put(b("k"), b("async")));
            assertThat(gate.awaitHeld()).isTrue();
            assertThat(store.tryWrite(new WriteBatch().put(b("k"), b("inline")).put(b("x"), b("y")))).isFalse();
            gate.open();
            first.get(10, TimeUnit.SECONDS);
            store.beforeWalAppend = null;
            assertThat(store.get(b("k"))).isEqualTo(b("async"));
            assertThat(store.get(b("x"))).as("a refused batch leaves nothing behind").isNull();
            assertThat(store.tryWrite(new WriteBatch().put(b("k"), b("inline")))).isTrue();
            assertThat(store.get(b("k"))).isEqualTo(b("inline"));
        }
    }
}
