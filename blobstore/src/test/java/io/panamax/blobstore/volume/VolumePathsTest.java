package io.panamax.blobstore.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VolumePathsTest {
    private static final Path ROOT = Path.of("/srv/volume");

    @Test
    void aBlobPathResolvesUnderTheRoot() {
        VolumePaths.Resolved r = VolumePaths.resolve(ROOT, "/sv07/5d/41/aGVsbG8=");
        assertThat(r.error()).isNull();
        assertThat(r.file()).isEqualTo(Path.of("/srv/volume/sv07/5d/41/aGVsbG8="));
        assertThat(r.directory()).isFalse();
    }

    @Test
    void base64PlusAndEqualsStayLiteral() {
        assertThat(VolumePaths.resolve(ROOT, "/a/b/+/8=").file()).isEqualTo(Path.of("/srv/volume/a/b/+/8="));
    }

    @Test
    void aTrailingSlashOrTheRootIsADirectory() {
        assertThat(VolumePaths.resolve(ROOT, "/sv07/").directory()).isTrue();
        VolumePaths.Resolved root = VolumePaths.resolve(ROOT, "/");
        assertThat(root.directory()).isTrue();
        assertThat(root.file()).isEqualTo(ROOT);
    }

    @Test
    void queriesAreIgnoredAndSlashesMerged() {
        assertThat(VolumePaths.resolve(ROOT, "//a///b?x=/../y").file()).isEqualTo(Path.of("/srv/volume/a/b"));
    }

    @Test
    void dotSegmentsPlainOrEncodedAreForbidden() {
        assertThat(VolumePaths.resolve(ROOT, "/../etc/passwd").error()).isEqualTo(HttpResponseStatus.FORBIDDEN);
        assertThat(VolumePaths.resolve(ROOT, "/a/%2e%2e/%2E%2E/x").error()).isEqualTo(HttpResponseStatus.FORBIDDEN);
        assertThat(VolumePaths.resolve(ROOT, "/a/./b").error()).isEqualTo(HttpResponseStatus.FORBIDDEN);
        assertThat(VolumePaths.resolve(ROOT, "/.put-1234.tmp").error()).isEqualTo(HttpResponseStatus.FORBIDDEN);
    }

    @Test
    void encodedSlashesNulsAndBadEscapesAreBadRequests() {
        assertThat(VolumePaths.resolve(ROOT, "/a%2F..%2F..%2Fetc").error()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(VolumePaths.resolve(ROOT, "/a%00b").error()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(VolumePaths.resolve(ROOT, "/a%zz").error()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(VolumePaths.resolve(ROOT, "/a%4").error()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(VolumePaths.resolve(ROOT, "/a%ff").error()).as("invalid UTF-8").isEqualTo(HttpResponseStatus.BAD_REQUEST);
    }

    @Test
    void nonOriginFormTargetsAreBadRequests() {
        assertThat(VolumePaths.resolve(ROOT, "etc/passwd").error()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(VolumePaths.resolve(ROOT, "*").error()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(VolumePaths.resolve(ROOT, "").error()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
    }

    @Test
    void percentEncodedUtf8NamesDecode() {
        assertThat(VolumePaths.resolve(ROOT, "/caf%C3%A9").file()).isEqualTo(Path.of("/srv/volume/café"));
    }
}
