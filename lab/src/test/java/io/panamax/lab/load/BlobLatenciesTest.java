package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlobLatenciesTest {

    @Test
    void ratesArePerSecondOfThePhaseAndLatenciesInMilliseconds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BlobLatencies l = new BlobLatencies(new PrintStream(bytes, true, StandardCharsets.UTF_8), "test run");
        for (int i = 1; i <= 1000; i++) {
            l.record(BlobOp.GET, 0, i * 1_000L); // 1 .. 1000 us
        }
        l.record(BlobOp.PUT, 5, 5); // 0 ns is clamped to 1 us
        l.drain();
        LoadResult get = l.result(BlobOp.GET, 2_000_000_000L);
        assertThat(get.requests()).isEqualTo(1000);
        assertThat(get.rps()).isEqualTo(500.0);
        assertThat(get.p50Ms()).isEqualTo(0.5);
        assertThat(get.maxMs()).isEqualTo(1.0);
        assertThat(l.result(BlobOp.PUT, 1_000_000_000L).minMs()).isEqualTo(0.001);
        assertThat(l.count(BlobOp.DELETE)).isZero();
        assertThat(l.result(BlobOp.DELETE, 1).requests()).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("#test run, latency unit: microseconds", "Tag=GET",
                "Tag=PUT").doesNotContain("Tag=DELETE");
    }

    @Test
    void aFailureKeepsItsDetailWhenItGetsAContext() {
        BlobFailure f = new BlobFailure(BlobOp.GET, "/k: odd", "master status=500, expected 302", null, null);
        assertThat(f.getMessage()).isEqualTo("GET /k: odd failed: master status=500, expected 302");
        BlobFailure g = f.in("round 2 of 3, key index 1");
        assertThat(g.getMessage()).isEqualTo("GET /k: odd failed (round 2 of 3, key index 1): master status=500,"
                + " expected 302");
        assertThat(g.detail()).isEqualTo(f.detail());
        assertThat(g.key()).isEqualTo("/k: odd");
    }
}
