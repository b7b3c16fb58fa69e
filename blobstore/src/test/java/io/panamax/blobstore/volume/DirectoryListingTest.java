package io.panamax.blobstore.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.blobstore.admin.VolumeHttpAccess;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryListingTest {
    @TempDir
    Path dir;

    @Test
    void listsFilesAndDirectoriesSortedWithSizesAndHidesDotFiles() throws Exception {
        Files.createDirectory(dir.resolve("sv01"));
        Files.writeString(dir.resolve("b"), "12345");
        Files.writeString(dir.resolve("a\"quote"), "");
        Files.writeString(dir.resolve(".put-1.tmp"), "partial");
        String json = new String(DirectoryListing.json(dir), StandardCharsets.UTF_8);
        assertThat(json).startsWith("[{\"name\":\"a\\\"quote\",\"type\":\"file\",\"mtime\":\"")
                .contains("{\"name\":\"b\",\"type\":\"file\",\"mtime\":\"", "\"size\":5}")
                .contains("{\"name\":\"sv01\",\"type\":\"directory\",\"mtime\":\"")
                .doesNotContain(".put-1.tmp");
        assertThat(json.indexOf("\"b\"")).isLessThan(json.indexOf("\"sv01\""));
    }

    @Test
    void theRebuildParserReadsWhatTheListingWrites() throws Exception {
        Files.createDirectory(dir.resolve("5d"));
        Files.writeString(dir.resolve("aGVsbG8="), "hello");
        var entries = VolumeHttpAccess.parse(new ByteArrayInputStream(DirectoryListing.json(dir)));
        assertThat(entries).extracting(e -> e.name() + ":" + e.type()).containsExactly("5d:directory", "aGVsbG8=:file");
    }

    @Test
    void theRebuildParserReadsNginxAutoindexJson() throws Exception {
        String nginx = """
                [
                { "name":"sv00", "type":"directory", "mtime":"Mon, 07 Dec 2026 13:52:31 GMT" },
                { "name":"aGVsbG8=", "type":"file", "mtime":"Mon, 07 Dec 2026 13:52:31 GMT", "size":5 }
                ]
                """;
        var entries = VolumeHttpAccess.parse(new ByteArrayInputStream(nginx.getBytes(StandardCharsets.UTF_8)));
        assertThat(entries).extracting(e -> e.name() + ":" + e.type()).containsExactly("sv00:directory", "aGVsbG8=:file");
    }

    @Test
    void datesAreRfc1123WithTwoDigitDays() {
        assertThat(HttpDates.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
