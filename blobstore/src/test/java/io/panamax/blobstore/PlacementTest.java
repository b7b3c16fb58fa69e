package io.panamax.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every test vector of {@code specs/blobstore.md} (Go minikeyvalue's lib_test.go), plus the edge rules. */
class PlacementTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pathOfHelloIsTheGoPath() {
        assertThat(VolumePath.of(b("hello"))).isEqualTo("/5d/41/aGVsbG8=");
    }

    @Test
    void pathOfHelloworldIsTheGoPath() {
        assertThat(VolumePath.of(b("helloworld"))).isEqualTo("/fc/5e/aGVsbG93b3JsZA==");
    }

    @Test
    void threeStoogesWithOneReplicaAndThreeSubvolumesPlaceAsGo() {
        Placement p = new Placement(List.of("larry", "moe", "curly"), 1, 3);
        assertThat(p.volumesFor(b("hello"))).containsExactly("larry/sv00");
        assertThat(p.volumesFor(b("helloworld"))).containsExactly("curly/sv01");
        assertThat(p.volumesFor(b("world"))).containsExactly("moe/sv02");
        assertThat(p.volumesFor(b("blah"))).containsExactly("curly/sv01");
    }

    @Test
    void fiveLocalVolumesWithThreeReplicasAndTenSubvolumesPlaceWehaveAsGo() {
        Placement p = new Placement(
                List.of("localhost:3001", "localhost:3002", "localhost:3003", "localhost:3004", "localhost:3005"), 3, 10);
        assertThat(p.volumesFor(b("/wehave")))
                .containsExactly("localhost:3001/sv07", "localhost:3002/sv04", "localhost:3005/sv01");
        assertThat(VolumePath.of(b("/wehave"))).isEqualTo("/60/08/L3dlaGF2ZQ==");
    }

    @Test
    void oneSubvolumeAddsNoSubvolumeLevel() {
        Placement p = new Placement(List.of("a:1", "b:2"), 2, 1);
        assertThat(p.volumesFor(b("k"))).containsExactlyInAnyOrder("a:1", "b:2");
    }

    @Test
    void subvolumeSuffixIsUpperCaseHexWithAtLeastTwoDigits() {
        assertThat(Placement.subvolumeSuffix(7)).isEqualTo("/sv07");
        assertThat(Placement.subvolumeSuffix(15)).isEqualTo("/sv0F");
        assertThat(Placement.subvolumeSuffix(255)).isEqualTo("/svFF");
        assertThat(Placement.subvolumeSuffix(4095)).isEqualTo("/svFFF");
    }

    @Test
    void placementIsStableInTheVolumeNameNotItsPosition() {
        Placement abc = new Placement(List.of("a:1", "b:2", "c:3"), 2, 10);
        Placement cab = new Placement(List.of("c:3", "a:1", "b:2"), 2, 10);
        for (int i = 0; i < 200; i++) {
            byte[] key = b("/key-" + i);
            assertThat(cab.volumesFor(key)).isEqualTo(abc.volumesFor(key));
        }
    }

    @Test
    void addingAVolumeMovesOnlyTheKeysItWins() {
        Placement three = new Placement(List.of("a:1", "b:2", "c:3"), 1, 1);
        Placement four = new Placement(List.of("a:1", "b:2", "c:3", "d:4"), 1, 1);
        int moved = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] key = b("/key-" + i);
            String before = three.volumesFor(key).getFirst();
            String after = four.volumesFor(key).getFirst();
            if (!before.equals(after)) {
                assertThat(after).isEqualTo("d:4");
                moved++;
            }
        }
        assertThat(moved).isBetween(150, 350);
    }

    @Test
    void rejectsMoreReplicasThanVolumes() {
        assertThatThrownBy(() -> new Placement(List.of("a:1"), 2, 1)).hasMessageContaining("replicas=2");
    }

    @Test
    void rejectsRepeatedVolumesAndZeroSubvolumes() {
        assertThatThrownBy(() -> new Placement(List.of("a:1", "a:1"), 1, 1)).hasMessageContaining("repeated");
        assertThatThrownBy(() -> new Placement(List.of("a:1"), 1, 0)).hasMessageContaining("subvolumes=0");
    }

    @Test
    void parsesAVolumeListAndRejectsAnEmptyEntry() {
        assertThat(Placement.parseVolumeList("h1:1, h2:2")).containsExactly("h1:1", "h2:2");
        assertThatThrownBy(() -> Placement.parseVolumeList("h1:1,,h2:2")).hasMessageContaining("empty entry");
    }
}
