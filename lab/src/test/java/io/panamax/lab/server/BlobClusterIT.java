package io.panamax.lab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.panamax.lab.load.BlobFailure;
import io.panamax.lab.load.BlobHttp;
import io.panamax.lab.load.BlobHttpClient;
import io.panamax.lab.load.BlobOp;
import io.panamax.lab.load.HttpReply;
import io.panamax.lab.load.LoadResult;
import io.panamax.lab.load.ReadThrasher;
import io.panamax.lab.load.Thrasher;
import io.panamax.lab.load.ThrasherSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minikeyvalue matrix's servers and load generators end to end, with real processes from the runnable jar the
 * reactor built ({@code server/target/panamax.jar}, run directly rather than through {@code bin/panamax} so a test
 * never triggers a build): Panamax's master over 3 of our volumes, and over 3 nginx WebDAV volumes, each driven by a
 * tiny thrasher (50 cycles) and read test (10 keys, 100 GETs) through the lab's Netty client; then a volume is killed
 * and the thrasher must fail naming the key and the master's 500. Every process is stopped by PID.
 */
class BlobClusterIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("server/target/panamax.jar");
    static final BlobCluster THREE = new BlobCluster(3, 3, 4);

    @TempDir
    Path tmp;

    /** The templates with {@code {root}/bin/panamax} replaced by this JVM running the jar, small and quick to start. */
    static ServerSpec fromJar(ServerSpec spec) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String launcher = "'" + java + "' --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
                + " -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar '" + JAR + "'";
        return new ServerSpec(spec.name(), spec.label(), spec.template().replace("{root}/bin/panamax", launcher),
                spec.volumeTemplate().replace("{root}/bin/panamax", launcher));
    }

    static void requireJar() {
        if (System.getenv("CI") != null) { // the reactor builds server before lab: missing there is a failure
            assertThat(JAR).as("runnable jar built by the reactor").exists();
        }
        assumeTrue(Files.isRegularFile(JAR), "server/target/panamax.jar not built (run the whole reactor)");
    }

    ServerProcess start(ServerSpec spec) throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        return THREE.start(fromJar(spec), List.of(), Map.of("root", ROOT.toString()), 1,
                Files.createDirectories(tmp.resolve("store")), logs, "it", p -> {});
    }

    @Test
    void thrashesAndReadsPanamaxsMasterOverOurVolumesThenFailsNamingTheKeyWhenAVolumeDies() throws Exception {
        requireJar();
        ServerProcess master = start(ServerSpec.blobPanamax());
        try {
            assertThat(master.companions()).hasSize(3);
            exercise(master);
            master.companions().get(1).stop(); // one of the 3 replicas of every key is gone: PUT must answer 500
            ThrasherSpec spec = new ThrasherSpec("127.0.0.1", master.ports().http(), 4, 1, 11);
            assertThatThrownBy(() -> Thrasher.run(spec, 20, null, 60))
                    .isInstanceOfSatisfying(BlobFailure.class, f -> assertThat(f.op()).isEqualTo(BlobOp.PUT))
                    .hasMessageMatching("PUT /benchmark-\\d+ failed: master status=500.*expected 201");
        } finally {
            master.stop();
        }
        assertThat(master.alive()).isFalse();
        assertThat(master.companions()).noneMatch(ServerProcess::alive);
    }

    @Test
    void thrashesAndReadsPanamaxsMasterOverNginxWebDavVolumes() throws Exception {
        requireJar();
        Map<String, String> probe = Map.of("root", ROOT.toString(), "confDir", "/tmp");
        assumeTrue(ServerSpec.peer("nginx-volumes").installed(probe), "nginx not installed (.ci/run installs it)");
        ServerProcess master = start(ServerSpec.peer("nginx-volumes"));
        try {
            assertThat(Files.readString(tmp.resolve("logs/it-nginx-volume.conf"))).contains("dav_methods PUT DELETE;");
            exercise(master);
        } finally {
            master.stop();
        }
        assertThat(master.companions()).noneMatch(ServerProcess::alive);
    }

    /** 50 thrasher cycles and a 10-key, 100-GET read test; the store is empty afterwards; CPU counts every process. */
    static void exercise(ServerProcess master) throws Exception {
        int port = master.ports().http();
        long cpuBefore = master.cpuMs();
        ThrasherSpec spec = new ThrasherSpec("127.0.0.1", port, 8, 1, 5);
        List<LoadResult> cycles = Thrasher.run(spec, 50, null, 120);
        assertThat(cycles).extracting(LoadResult::test).containsExactly("CYCLE", "PUT", "GET", "DELETE");
        assertThat(cycles).allSatisfy(r -> assertThat(r.requests()).isEqualTo(50));

        try (BlobHttpClient client = new BlobHttpClient(1, ThrasherSpec.REQUEST_TIMEOUT_MS)) {
            ReadThrasher read = new ReadThrasher(spec, 10, 100);
            List<LoadResult> reads = read.run(null, 120, client::session);
            assertThat(reads.get(0).test()).isEqualTo("GET");
            assertThat(reads.get(0).requests()).isEqualTo(100);
            assertThat(reads.get(1).requests()).isEqualTo(10);
            read.deleteKeys(120, client::session);
            try (BlobHttp http = client.session()) {
                HttpReply list = http.send("GET", "http://127.0.0.1:" + port + "/?list", null);
                assertThat(list.status()).isEqualTo(200);
                assertThat(new String(list.body(), StandardCharsets.UTF_8)).isEqualTo("{\"next\":\"\",\"keys\":[]}");
            }
        }
        assertThat(master.cpuMs()).isGreaterThan(cpuBefore);
        assertThat(master.alive()).isTrue();
    }
}
