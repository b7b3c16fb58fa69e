package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadThrasherTest {

    static final ThrasherSpec SPEC = new ThrasherSpec("127.0.0.1", 3000, 4, 1, 7);

    @Test
    void putsEveryKeyThenGetsEachOncePerRoundAndDeletesThemAfter() throws Exception {
        FakeBlobStore store = new FakeBlobStore();
        ReadThrasher read = new ReadThrasher(SPEC, 10, 100);
        assertThat(read.rounds()).isEqualTo(10);
        assertThat(read.gets()).isEqualTo(100);
        List<LoadResult> results = read.run(null, 60, store);

        assertThat(results).extracting(LoadResult::test).containsExactly("GET", "PUT");
        assertThat(results.get(0).requests()).isEqualTo(100);
        assertThat(results.get(1).requests()).isEqualTo(10);
        assertThat(results).allSatisfy(r -> assertThat(r.rps()).isPositive());
        assertThat(store.values).hasSize(10);
        assertThat(store.volumeGets.values()).extracting(AtomicInteger::get).containsOnly(10);
        read.deleteKeys(60, store);
        assertThat(store.values).isEmpty();
        assertThat(store.closed.get()).isEqualTo(store.opened.get()).isEqualTo(8);
    }

    @Test
    void moreWorkersThanKeysStillReadEveryKeyEveryRound() throws Exception {
        FakeBlobStore store = new FakeBlobStore();
        ReadThrasher read = new ReadThrasher(new ThrasherSpec("127.0.0.1", 3000, 16, 1, 8), 3, 30);
        assertThat(read.run(null, 60, store).getFirst().requests()).isEqualTo(30);
        assertThat(store.volumeGets.values()).extracting(AtomicInteger::get).containsOnly(10);
    }

    @Test
    void aGetFailureNamesItsRoundAndKeyIndex() {
        FakeBlobStore store = new FakeBlobStore();
        AtomicInteger masterGets = new AtomicInteger();
        // requests 1-10 are the PUTs; rounds run behind a barrier, so master GET 35 is in round 4
        store.fault = (method, url, n) -> method.equals("GET") && url.startsWith(FakeBlobStore.MASTER)
                && masterGets.incrementAndGet() == 35 ? FakeBlobStore.reply(404, null, null) : null;
        ReadThrasher read = new ReadThrasher(SPEC, 10, 100);
        assertThatThrownBy(() -> read.run(null, 60, store)).isInstanceOfSatisfying(BlobFailure.class, f -> {
            assertThat(f.op()).isEqualTo(BlobOp.GET);
            assertThat(f.getMessage()).startsWith("GET " + f.key() + " failed (round 4 of 10, key index ")
                    .endsWith("): master status=404 location=null, expected 302 with a Location");
        });
        assertThat(store.closed.get()).isEqualTo(store.opened.get());
    }

    @Test
    void cleanupDeletesOnlyTheKeysAFailedRunWrote() throws Exception {
        FakeBlobStore store = new FakeBlobStore();
        store.fault = (method, url, n) -> method.equals("PUT") && n == 6
                ? FakeBlobStore.reply(500, null, "no".getBytes(StandardCharsets.UTF_8)) : null;
        ReadThrasher read = new ReadThrasher(SPEC, 10, 100);
        assertThatThrownBy(() -> read.run(null, 60, store)).isInstanceOf(BlobFailure.class)
                .hasMessageContaining("master status=500 body=\"no\", expected 201");
        store.fault = (method, url, n) -> method.equals("DELETE") && !store.values.containsKey(
                url.substring(FakeBlobStore.MASTER.length())) ? FakeBlobStore.reply(418, null, null) : null;
        read.deleteKeys(60, store); // a DELETE of a key never written would answer 418 and fail
        assertThat(store.values).isEmpty();
    }

    @Test
    void runsOnceAndRejectsEmptyShapes() throws Exception {
        ReadThrasher read = new ReadThrasher(SPEC, 2, 2);
        read.run(null, 60, new FakeBlobStore());
        assertThatThrownBy(() -> read.run(null, 60, new FakeBlobStore())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ReadThrasher(SPEC, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadThrasher(SPEC, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ReadThrasher(SPEC, 1000, 999).rounds()).as("at least one round").isEqualTo(1);
    }
}
