package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.blobstore.Placement;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the master does when a volume dies: PUT and DELETE fail loudly and leave the record unlinked; GET routes around. */
class BlobFailureIT {
    @Test
    void aDeadReplicaFailsPutWith500LeavesTheRecordUnlinkedAndGetUsesTheOthers() throws Exception {
        try (BlobCluster cluster = new BlobCluster(3)) {
            BlobProcess master = cluster.master("m", "--volumes", cluster.volumeList(), "--replicas", "2",
                    "--subvolumes", "4", "--head-cache-ms", "0", "--voltimeout", "500ms");
            Placement placement = new Placement(Placement.parseVolumeList(cluster.volumeList()), 2, 4);
            BlobProcess victim = cluster.volumes.get(1);
            String dead = victim.address();
            // a key stored before the volume dies, with a replica on it
            String survivor = keyWith(placement, dead, true, "/survivor-");
            assertThat(BlobHttp.put(master.url() + survivor, "still here").statusCode()).isEqualTo(201);
            String toDelete = keyWith(placement, dead, true, "/to-delete-");
            assertThat(BlobHttp.put(master.url() + toDelete, "bye").statusCode()).isEqualTo(201);

            victim.close();

            String doomed = keyWith(placement, dead, true, "/doomed-");
            assertThat(BlobHttp.put(master.url() + doomed, "no room").statusCode()).isEqualTo(500);
            assertThat(BlobHttp.get(master.url() + doomed).statusCode()).isEqualTo(404);
            assertThat(BlobHttp.get(master.url() + "/?unlinked").body()).contains("\"" + doomed + "\"");
            assertThat(BlobHttp.get(master.url() + "/?list").body()).doesNotContain(doomed);

            String elsewhere = keyWith(placement, dead, false, "/elsewhere-");
            assertThat(BlobHttp.put(master.url() + elsewhere, "fine").statusCode()).isEqualTo(201);

            for (int i = 0; i < 5; i++) { // random replica order: the dead one must never be the answer
                HttpResponse<String> r = BlobHttp.get(master.url() + survivor);
                assertThat(r.statusCode()).isEqualTo(302);
                assertThat(r.headers().firstValue("Location").orElseThrow()).doesNotContain(dead);
                assertThat(BlobHttp.get(r.headers().firstValue("Location").orElseThrow()).body()).isEqualTo("still here");
            }

            assertThat(BlobHttp.delete(master.url() + toDelete).statusCode()).isEqualTo(500);
            assertThat(BlobHttp.get(master.url() + "/to-delete-?unlinked").body()).contains(toDelete);
            assertThat(BlobHttp.get(master.url() + toDelete).statusCode()).isEqualTo(404);

            // the retry of the failed PUT works once the volume is back
            cluster.volumes.set(1, BlobProcess.volume(victim.dir, victim.port));
            assertThat(BlobHttp.put(master.url() + doomed, "room now").statusCode()).isEqualTo(201);
            assertThat(BlobHttp.getFollowing(master.url() + doomed).body()).isEqualTo("room now");
            assertThat(BlobHttp.delete(master.url() + toDelete).statusCode()).as("DELETE retried").isEqualTo(204);
        }
    }

    /** A fresh key whose placement does (or does not) include {@code volume}. */
    static String keyWith(Placement placement, String volume, boolean onIt, String prefix) {
        for (int i = 0; ; i++) {
            String key = prefix + i;
            List<String> replicas = placement.volumesFor(key.getBytes(StandardCharsets.UTF_8));
            boolean has = replicas.stream().anyMatch(r -> r.startsWith(volume + "/"));
            if (has == onIt) {
                return key;
            }
        }
    }
}
