package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlobOptionsTest {
    @Test
    void goDurationsParseToMilliseconds() {
        assertThat(BlobOptions.durationMs("1s")).isEqualTo(1000);
        assertThat(BlobOptions.durationMs("500ms")).isEqualTo(500);
        assertThat(BlobOptions.durationMs("1.5s")).isEqualTo(1500);
        assertThat(BlobOptions.durationMs("2m")).isEqualTo(120_000);
    }

    @Test
    void durationsWithoutAKnownUnitAreInvalid() {
        assertThat(BlobOptions.durationMs("1")).isEqualTo(-1);
        assertThat(BlobOptions.durationMs("s")).isEqualTo(-1);
        assertThat(BlobOptions.durationMs("1d")).isEqualTo(-1);
        assertThat(BlobOptions.durationMs("1.2.3s")).isEqualTo(-1);
    }

    @Test
    void blobServersStayUpAndToolsExit() {
        assertThat(Main.isLongRunning(new String[] {"blob", "master", "--volumes", "a:1"})).isTrue();
        assertThat(Main.isLongRunning(new String[] {"blob", "volume"})).isTrue();
        assertThat(Main.isLongRunning(new String[] {"server"})).isTrue();
        assertThat(Main.isLongRunning(new String[] {"blob", "rebuild"})).isFalse();
        assertThat(Main.isLongRunning(new String[] {"blob"})).isFalse();
        assertThat(Main.isLongRunning(new String[] {})).isFalse();
    }
}
