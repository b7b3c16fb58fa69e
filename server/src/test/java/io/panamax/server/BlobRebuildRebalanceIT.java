package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.blobstore.Placement;
import io.panamax.blobstore.VolumePath;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The offline tools against real volumes: {@code blob rebuild} reproduces the index from the volume listings
 * (hashes kept, unlinked keys kept unlinked), {@code REBALANCE /key} and {@code blob rebalance} move files to the
 * placement of a grown volume list.
 */
class BlobRebuildRebalanceIT {
    static final int KEYS = 24;

    @Test
    void rebuildReproducesTheIndexAndRebalanceMovesKeysOntoANewVolume() throws Exception {
        try (BlobCluster cluster = new BlobCluster(4)) {
            Path index = cluster.root.resolve("index");
            String three = cluster.volumeList(3);
            String four = cluster.volumeList(4);
            String[] layout = {"--replicas", "2", "--subvolumes", "4"};

            // 1. a master over three volumes: 24 keys, 2 of them unlinked
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> headersBefore = new LinkedHashMap<>();
            List<String> unlinked = new ArrayList<>();
            try (BlobProcess m = master(index, three, layout)) {
                for (int i = 0; i < KEYS; i++) {
                    String key = "/photos/" + i + "-" + "x".repeat(i % 5);
                    values.put(key, "value of " + key + " " + "#".repeat(i * 100));
                    assertThat(BlobHttp.put(m.url() + key, values.get(key)).statusCode()).isEqualTo(201);
                }
                for (String key : List.of("/photos/3-xxx", "/photos/7-xx")) {
                    assertThat(BlobHttp.send("UNLINK", m.url() + key, null).statusCode()).isEqualTo(204);
                    unlinked.add(key);
                }
                for (String key : values.keySet()) {
                    headersBefore.put(key, describe(BlobHttp.get(m.url() + key)));
                }
                assertThat(m.terminate()).isTrue();
            }

            // 2. rebuild in place: the same records come back
            BlobProcess.ToolRun rebuild = BlobProcess.tool("blob", "rebuild", "--volumes", three, "--index",
                    index.toString(), layout[0], layout[1], layout[2], layout[3]);
            assertThat(rebuild.exitCode()).as(rebuild.output()).isZero();
            assertThat(rebuild.output()).contains("rebuild done: " + KEYS + " keys from " + (2 * KEYS) + " files");
            try (BlobProcess m = master(index, three, layout)) {
                for (String key : values.keySet()) {
                    assertThat(describe(BlobHttp.get(m.url() + key))).as(key).isEqualTo(headersBefore.get(key));
                }
                assertThat(BlobHttp.get(m.url() + "/photos/?unlinked").body())
                        .isEqualTo(BlobMasterIT.json("", unlinked.stream().sorted().toList()));
                assertThat(m.terminate()).isTrue();
            }

            // 3. a fourth volume: some keys are now unbalanced; REBALANCE moves one online
            Placement placement4 = new Placement(Placement.parseVolumeList(four), 2, 4);
            try (BlobProcess m = master(index, four, layout)) {
                String moved = null;
                for (String key : values.keySet()) {
                    HttpResponse<String> r = BlobHttp.get(m.url() + key);
                    if (!unlinked.contains(key) && r.headers().firstValue("Key-Balance").orElse("").equals("unbalanced")) {
                        moved = key;
                        break;
                    }
                }
                assertThat(moved).as("adding a volume unbalances some keys").isNotNull();
                assertThat(BlobHttp.send("REBALANCE", m.url() + moved, null).statusCode()).isEqualTo(204);
                HttpResponse<String> after = BlobHttp.get(m.url() + moved);
                assertThat(after.headers().firstValue("Key-Balance")).hasValue("balanced");
                assertThat(after.headers().firstValue("Key-Volumes"))
                        .hasValue(String.join(",", placement4.volumesFor(moved.getBytes(StandardCharsets.UTF_8))));
                assertThat(BlobHttp.getFollowing(m.url() + moved).body()).isEqualTo(values.get(moved));
                assertThat(m.terminate()).isTrue();
            }

            // 4. the rest offline: every live key ends on its placement and nowhere else
            BlobProcess.ToolRun rebalance = BlobProcess.tool("blob", "rebalance", "--volumes", four, "--index",
                    index.toString(), layout[0], layout[1], layout[2], layout[3], "--workers", "4");
            assertThat(rebalance.exitCode()).as(rebalance.output()).isZero();
            assertThat(rebalance.output()).contains("rebalance done: " + (KEYS - 2) + " keys checked");
            for (String key : values.keySet()) {
                if (unlinked.contains(key)) {
                    continue;
                }
                byte[] k = key.getBytes(StandardCharsets.UTF_8);
                List<String> target = placement4.volumesFor(k);
                for (int v = 0; v < 4; v++) {
                    String address = cluster.volumes.get(v).address();
                    for (int sv = 0; sv < 4; sv++) {
                        String replica = address + "/sv0" + sv;
                        Path file = cluster.volumeDir(v).resolve("sv0" + sv + VolumePath.of(k));
                        assertThat(Files.exists(file)).as(key + " on " + replica).isEqualTo(target.contains(replica));
                    }
                }
            }
            try (BlobProcess m = master(index, four, layout)) {
                for (String key : values.keySet()) {
                    if (!unlinked.contains(key)) {
                        HttpResponse<String> r = BlobHttp.get(m.url() + key);
                        assertThat(r.headers().firstValue("Key-Balance")).as(key).hasValue("balanced");
                        assertThat(BlobHttp.getFollowing(m.url() + key).body()).isEqualTo(values.get(key));
                    }
                }
                assertThat(m.terminate()).isTrue();
            }

            // 5. a lost index: rebuilt from nothing, with the MD5s recomputed from the files
            Path fresh = cluster.root.resolve("fresh-index");
            BlobProcess.ToolRun again = BlobProcess.tool("blob", "rebuild", "--volumes", four, "--index",
                    fresh.toString(), layout[0], layout[1], layout[2], layout[3]);
            assertThat(again.exitCode()).as(again.output()).isZero();
            try (BlobProcess m = master(fresh, four, layout)) {
                for (String key : values.keySet()) {
                    HttpResponse<String> r = BlobHttp.get(m.url() + key);
                    assertThat(r.statusCode()).as(key).isEqualTo(302);
                    assertThat(r.headers().firstValue("Content-Md5"))
                            .hasValue(BlobHttp.md5Hex(values.get(key).getBytes(StandardCharsets.UTF_8)));
                }
                assertThat(m.terminate()).isTrue();
            }
        }
    }

    @Test
    void rebuildRefusesToRewriteTheIndexWhenAVolumeCannotBeListed() throws Exception {
        try (BlobCluster cluster = new BlobCluster(1)) {
            Path index = cluster.root.resolve("index");
            String volumes = cluster.volumeList() + ",localhost:" + ServerProcess.freePort();
            BlobProcess.ToolRun run = BlobProcess.tool("blob", "rebuild", "--volumes", volumes, "--index",
                    index.toString(), "--replicas", "1", "--voltimeout", "300ms");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.output()).contains("cannot list", "the index is left unchanged");
        }
    }

    private static BlobProcess master(Path index, String volumes, String[] layout) throws Exception {
        List<String> args = new ArrayList<>(List.of("--volumes", volumes));
        args.addAll(List.of(layout));
        return BlobProcess.master(index, args.toArray(String[]::new));
    }

    /** The redirect's headers the index decides: status, Content-Md5, Key-Volumes (not the random Location). */
    private static String describe(HttpResponse<String> r) {
        return r.statusCode() + " md5=" + r.headers().firstValue("Content-Md5").orElse("-") + " volumes="
                + r.headers().firstValue("Key-Volumes").orElse("-");
    }
}
