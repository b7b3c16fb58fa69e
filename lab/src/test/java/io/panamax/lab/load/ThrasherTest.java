package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrasherTest {

    static final ThrasherSpec SPEC = new ThrasherSpec("127.0.0.1", 3000, 4, 1, 42);

    @TempDir
    Path tmp;

    @Test
    void runsEveryCycleOnceAndCountsEachOperationOncePerCycle() throws Exception {
        FakeBlobStore store = new FakeBlobStore();
        Path hlog = tmp.resolve("t.hlog");
        List<LoadResult> results = Thrasher.run(SPEC, 200, hlog, 60, store);

        assertThat(results).extracting(LoadResult::test).containsExactly("CYCLE", "PUT", "GET", "DELETE");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.requests()).isEqualTo(200);
            assertThat(r.rps()).isPositive();
            assertThat(r.errors()).isZero();
            assertThat(r.histogram().getTotalCount()).isEqualTo(200);
        });
        assertThat(results.getFirst().rps()).isEqualTo(results.get(2).rps());
        // PUT + master GET + volume GET + DELETE per cycle; every key deleted; one session per worker, all closed
        assertThat(store.requests.get()).isEqualTo(800);
        assertThat(store.values).isEmpty();
        assertThat(store.volumeGets).hasSize(200);
        assertThat(store.opened.get()).isEqualTo(4);
        assertThat(store.closed.get()).isEqualTo(4);
        assertThat(Files.readString(hlog)).contains("panamax lab thrasher: 4 workers, 200 PUT/GET/DELETE cycles",
                "latency unit: microseconds", "Tag=CYCLE", "Tag=GET");
    }

    @Test
    void aRefusedPutFailsTheRunNamingTheKeyStatusAndBody() {
        FakeBlobStore store = new FakeBlobStore();
        store.fault = (method, url, n) -> method.equals("PUT") && n > 20
                ? FakeBlobStore.reply(500, null, "replica write failed".getBytes(StandardCharsets.UTF_8)) : null;
        assertThatThrownBy(() -> Thrasher.run(SPEC, 10_000, null, 60, store))
                .isInstanceOfSatisfying(BlobFailure.class, f -> {
                    assertThat(f.op()).isEqualTo(BlobOp.PUT);
                    assertThat(f.key()).matches("/benchmark-\\d+");
                    assertThat(f.getMessage()).startsWith("PUT " + f.key() + " failed: master status=500")
                            .contains("body=\"replica write failed\"", "expected 201");
                });
        assertThat(store.requests.get()).as("the run stopped at the failure").isLessThan(200);
        assertThat(store.closed.get()).isEqualTo(store.opened.get());
    }

    @Test
    void otherBytesFromTheVolumeFailTheGetWithBothAnswers() {
        FakeBlobStore store = new FakeBlobStore();
        store.fault = (method, url, n) -> url.startsWith(FakeBlobStore.VOLUME)
                ? FakeBlobStore.reply(200, null, "value-0".getBytes(StandardCharsets.US_ASCII)) : null;
        assertThatThrownBy(() -> Thrasher.run(SPEC, 100, null, 60, store))
                .isInstanceOfSatisfying(BlobFailure.class, f -> assertThat(f.getMessage())
                        .startsWith("GET " + f.key() + " failed: master status=302 location=" + FakeBlobStore.VOLUME
                                + "/sv00" + f.key() + " -> volume status=200 with 7 bytes \"value-0\"")
                        .containsPattern("expected the \\d+ bytes written \"value-\\d+\""));
    }

    @Test
    void aMasterThatDoesNotRedirectFailsTheGet() {
        FakeBlobStore store = new FakeBlobStore();
        store.fault = (method, url, n) -> method.equals("GET") && url.startsWith(FakeBlobStore.MASTER)
                ? FakeBlobStore.reply(404, null, null) : null;
        assertThatThrownBy(() -> Thrasher.run(SPEC, 100, null, 60, store)).isInstanceOf(BlobFailure.class)
                .hasMessageContaining("master status=404 location=null, expected 302 with a Location");
    }

    @Test
    void aVolumeMissingTheFileFailsTheGetWithTheRedirectItFollowed() {
        FakeBlobStore store = new FakeBlobStore();
        store.fault = (method, url, n) -> url.startsWith(FakeBlobStore.VOLUME) ? FakeBlobStore.reply(404, null, null)
                : null;
        assertThatThrownBy(() -> Thrasher.run(SPEC, 100, null, 60, store)).isInstanceOf(BlobFailure.class)
                .hasMessageContaining("-> volume status=404, expected 200");
    }

    @Test
    void aDeleteNotAnswered204FailsTheRun() {
        FakeBlobStore store = new FakeBlobStore();
        store.fault = (method, url, n) -> method.equals("DELETE") ? FakeBlobStore.reply(500, null, null) : null;
        assertThatThrownBy(() -> Thrasher.run(SPEC, 100, null, 60, store))
                .isInstanceOfSatisfying(BlobFailure.class, f -> assertThat(f.op()).isEqualTo(BlobOp.DELETE))
                .hasMessageContaining("master status=500, expected 204");
    }

    @Test
    void anIoErrorFailsTheRunNamingTheKeyAndTheUrl() {
        FakeBlobStore store = new FakeBlobStore();
        store.fault = (method, url, n) -> {
            if (n == 5) {
                throw new IOException("connection reset");
            }
            return null;
        };
        assertThatThrownBy(() -> Thrasher.run(SPEC, 100, null, 60, store)).isInstanceOf(BlobFailure.class)
                .hasMessageContaining("/benchmark-").hasMessageContaining("I/O error connection reset")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void aBadRedirectLocationFailsTheGet() {
        FakeBlobStore store = new FakeBlobStore();
        store.fault = (method, url, n) -> method.equals("GET") && url.startsWith(FakeBlobStore.MASTER)
                ? FakeBlobStore.reply(302, "https://elsewhere/x", null) : null;
        assertThatThrownBy(() -> Thrasher.run(SPEC, 10, null, 60, store)).isInstanceOf(BlobFailure.class)
                .hasMessageContaining("location=https://elsewhere/x: not an absolute http:// URL");
    }

    @Test
    void rejectsARunWithoutCycles() {
        assertThatThrownBy(() -> Thrasher.run(SPEC, 0, null, 60, new FakeBlobStore()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycles=0");
    }
}
