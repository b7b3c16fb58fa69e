package io.panamax.lab.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.panamax.lab.hardware.MachineProfile;
import io.panamax.lab.hardware.RowParams;
import io.panamax.lab.hardware.SeedRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingRulesTest {

    static final long GIB = 1L << 30;

    static SeedRow row(int clients, long requests, long keyspace, int dataSize) {
        return new SeedRow("minikv", "p16", "title", "redis-benchmark", "cmd",
                new RowParams(16, dataSize, 4, List.of("set", "get"), requests, clients, keyspace, null, null, null,
                        null, null, null), List.of(), null, null);
    }

    static MachineProfile ryzen(SeedRow... rows) {
        return new MachineProfile("ryzen", "seed", "s", "Ryzen", 6, 12, "32 GB", 32 * GIB, "k", "os", null, null, null,
                List.of(rows));
    }

    static final HostLimits TWO_CPUS = HostLimits.of(2, 20_000, 24 * GIB, 4 * GIB);

    @Test
    void splitsAnOverflowingKeyspaceIntoTheLiteralRowAndACorrectedOne() {
        SeedRow r = row(200, 5_000_000, 1_000_000_000_000L, 1024);
        List<RowSpec> rows = ScalingRules.expand(ryzen(r), r, TWO_CPUS, false);
        assertThat(rows).extracting(RowSpec::id).containsExactly("p16-as-published", "p16");
        assertThat(rows.get(0).keyspace()).isEqualTo(1_000_000_000_000L);
        assertThat(rows.get(0).asPublished()).isTrue();
        assertThat(rows.get(1).keyspace()).isEqualTo(ScalingRules.CORRECTED_KEYSPACE);
        assertThat(rows.get(1).scaling()).anyMatch(s -> s.contains("corrected to -r 100000000"));
    }

    @Test
    void keepsAKeyspaceThatFitsAsOneRow() {
        SeedRow r = row(200, 5_000_000, 100_000_000L, 1024);
        assertThat(ScalingRules.expand(ryzen(r), r, TWO_CPUS, false)).singleElement()
                .satisfies(s -> assertThat(s.id()).isEqualTo("p16"));
    }

    @Test
    void capsClientThreadsAtTheLoadGeneratorsCpus() {
        SeedRow r = row(200, 5_000_000, 100_000_000L, 64);
        RowSpec s = ScalingRules.expand(ryzen(r), r, TWO_CPUS, false).getFirst();
        assertThat(TWO_CPUS.loadCpus()).containsExactly(0);
        assertThat(TWO_CPUS.serverCpus()).containsExactly(1);
        assertThat(s.threads()).isEqualTo(1);
        assertThat(s.scaling()).contains("client threads 4 -> 1 (load generator has 1 CPU)");
    }

    @Test
    void scalesRequestsByHardwareThreadsThenQuick() {
        SeedRow r = row(200, 5_000_000, 100_000_000L, 64);
        assertThat(ScalingRules.expand(ryzen(r), r, TWO_CPUS, false).getFirst().requests()).isEqualTo(833_333);
        assertThat(ScalingRules.expand(ryzen(r), r, TWO_CPUS, true).getFirst().requests()).isEqualTo(41_666);
    }

    @Test
    void quickKeepsAtLeastFourBatchesPerConnection() {
        SeedRow r = row(10_000, 50_000_000, 100_000_000L, 64);
        RowSpec s = ScalingRules.expand(ryzen(r), r, TWO_CPUS, true).getFirst();
        assertThat(s.requests()).isEqualTo(640_000); // 10,000 connections x pipeline 16 x 4
    }

    @Test
    void capsConnectionsWithinTheOpenFileLimit() {
        SeedRow r = row(10_000, 50_000_000, 100_000_000L, 64);
        HostLimits small = HostLimits.of(2, 4096, 24 * GIB, 4 * GIB);
        RowSpec s = ScalingRules.expand(ryzen(r), r, small, false).getFirst();
        assertThat(s.clients()).isEqualTo(4096 - ScalingRules.FD_RESERVE);
        assertThat(s.scaling()).anyMatch(n -> n.startsWith("connections 10000 -> 3968 (ulimit -n 4096"));
    }

    @Test
    void capsRequestsSoUniqueKeysStayUnderHalfOfMaxmemory() {
        SeedRow r = row(200, 50_000_000, 100_000_000L, 1024);
        HostLimits host = HostLimits.of(64, 20_000, 24 * GIB, GIB);
        RowSpec s = ScalingRules.expand(ryzen(r), r, host, false).getFirst();
        assertThat(s.requests()).isEqualTo(GIB / 2 / (1024 + ScalingRules.KEY_OVERHEAD_BYTES));
    }

    @Test
    void doesNotPinOnOneCpu() {
        HostLimits one = HostLimits.of(1, 1024, GIB, GIB);
        assertThat(one.pinned()).isFalse();
        assertThat(one.loadCpuCount()).isEqualTo(1);
    }

    @Test
    void catalogRejectsUnknownMatrixNamingTheKnownOnes() {
        SeedRow r = row(200, 5_000_000, 100_000_000L, 64);
        MatrixCatalog c = new MatrixCatalog(List.of(ryzen(r)));
        assertThat(c.rows("minikv", TWO_CPUS, true)).hasSize(1);
        assertThatThrownBy(() -> c.rows("nope", TWO_CPUS, true)).hasMessageContaining("known=[minikv]");
    }

    static SeedRow timed(Boolean runnable) {
        return new SeedRow("mkvss", "rest-get", "t", "wrk", "oha -c 50 -z 10s",
                new RowParams(null, 50, 2, List.of("get"), null, 50, 10_000L, null, null, "http", true, null, 10),
                List.of(), "n", runnable);
    }

    @Test
    void quickShortensATimedRowAndLeavesItsKeySpace() {
        RowSpec s = ScalingRules.expand(ryzen(timed(null)), timed(null), TWO_CPUS, true).getFirst();
        assertThat(s.durationS()).isEqualTo(2);
        assertThat(s.keyspace()).isEqualTo(10_000);
        assertThat(s.clients()).isEqualTo(50);
        assertThat(s.peerProtocol()).isEqualTo("http");
        assertThat(s.scaling()).contains("--quick: duration 10 s -> 2 s per test");
        assertThat(ScalingRules.expand(ryzen(timed(null)), timed(null), TWO_CPUS, false).getFirst().durationS())
                .isEqualTo(10);
    }

    @Test
    void catalogRefusesAMatrixThatIsPublishedDataOnly() {
        MatrixCatalog c = new MatrixCatalog(List.of(ryzen(timed(false))));
        assertThatThrownBy(() -> c.rows("mkvss", TWO_CPUS, true)).hasMessageContaining("not runnable yet")
                .hasMessageContaining("ryzen/rest-get (n)");
    }

    @Test
    void theMinikeyvalueSeedRowsRunAsPublishedAndQuickCutsThem() {
        MachineProfile seed = io.panamax.lab.hardware.ProfileStore.read(
                java.nio.file.Path.of("..", "hardware", "minikeyvalue-author.json"));
        MatrixCatalog c = new MatrixCatalog(List.of(seed));
        List<RowSpec> rows = c.rows("minikeyvalue", TWO_CPUS, false);
        assertThat(rows).extracting(RowSpec::id).containsExactly("thrasher", "thrasher-read", "wrk-get-key");
        assertThat(rows).allSatisfy(r -> assertThat(r.protocol()).isEqualTo("blob"));
        RowSpec thrasher = rows.get(0);
        assertThat(thrasher.tool()).isEqualTo("thrasher");
        assertThat(thrasher.clients()).as("workers").isEqualTo(16);
        assertThat(thrasher.requests()).as("cycles").isEqualTo(20_000);
        assertThat(thrasher.scaling()).contains("requests 20000 kept as published (minikeyvalue-author did not"
                + " publish its hardware threads, so nothing to scale by)");
        RowSpec read = rows.get(1);
        assertThat(read.tool()).isEqualTo("thrasher-read");
        assertThat(read.keyspace()).isEqualTo(1_000);
        assertThat(read.requests()).isEqualTo(1_000_000);
        RowSpec wrk = rows.get(2);
        assertThat(wrk.tool()).isEqualTo("wrk");
        assertThat(wrk.tests()).containsExactly("get-key");
        assertThat(wrk.threads()).isEqualTo(1);
        assertThat(wrk.clients()).isEqualTo(100);
        assertThat(wrk.durationS()).isEqualTo(10);
        assertThat(wrk.preload()).isTrue();

        List<RowSpec> quick = c.rows("minikeyvalue", TWO_CPUS, true);
        assertThat(quick.get(0).requests()).isEqualTo(20_000 / ScalingRules.QUICK_DIVISOR);
        assertThat(quick.get(1).requests()).isEqualTo(1_000_000 / ScalingRules.QUICK_DIVISOR);
        assertThat(quick.get(1).keyspace()).isEqualTo(100);
        assertThat(quick.get(1).scaling()).contains("--quick: keys written 1000 -> 100 (/10, so a warm-up pass of"
                + " PUTs, GET rounds and DELETEs stays short; 500 rounds of GETs)");
        assertThat(quick.get(2).durationS()).isEqualTo(2);
    }
}
