package io.panamax.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.panamax.engine.lsm.FsyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index on a real LSM store in a temp dir: records, listings, pagination, the clamped start. */
class BlobIndexTest {
    @TempDir
    Path dir;
    BlobIndex index;

    @BeforeEach
    void open() {
        index = BlobIndex.open(dir.resolve("idx"), FsyncPolicy.ALWAYS);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(List<byte[]> keys) {
        return keys.stream().map(BlobIndex::keyText).toList();
    }

    private void put(String key, boolean unlinked) throws Exception {
        index.putAsync(b(key), new IndexRecord(unlinked, null, List.of("a:1"))).get();
    }

    @Test
    void recordsRoundTripThroughTheStoreAndSurviveAReopen() throws Exception {
        IndexRecord r = IndexRecord.live("5d41402abc4b2a76b9719d911017c592", List.of("a:1/sv00", "b:2/sv01"));
        index.putAsync(b("/k"), r).get();
        assertThat(index.get(b("/k"))).isEqualTo(r);
        index.close();
        index = BlobIndex.open(dir.resolve("idx"), FsyncPolicy.ALWAYS);
        assertThat(index.get(b("/k"))).isEqualTo(r);
        index.deleteAsync(b("/k")).get();
        assertThat(index.get(b("/k"))).isNull();
    }

    @Test
    void aDamagedRecordNamesItsKey() {
        index.store().put(b("/bad"), b("HASHnope"));
        assertThatThrownBy(() -> index.get(b("/bad"))).hasMessageContaining("key=\"/bad\"");
    }

    @Test
    void listingFiltersLiveFromUnlinkedAndPagesWithNext() throws Exception {
        for (int i = 0; i < 5; i++) {
            put("/p/" + i, false);
        }
        put("/p/2u", true);
        put("/q/0", false);
        BlobIndex.Page all = index.list(b("/p/"), null, 0, false);
        assertThat(strings(all.keys())).containsExactly("/p/0", "/p/1", "/p/2", "/p/3", "/p/4");
        assertThat(all.next()).isNull();
        BlobIndex.Page first = index.list(b("/p/"), null, 2, false);
        assertThat(strings(first.keys())).containsExactly("/p/0", "/p/1");
        assertThat(BlobIndex.keyText(first.next())).isEqualTo("/p/2");
        BlobIndex.Page second = index.list(b("/p/"), first.next(), 2, false);
        assertThat(strings(second.keys())).containsExactly("/p/2", "/p/3");
        BlobIndex.Page last = index.list(b("/p/"), second.next(), 2, false);
        assertThat(strings(last.keys())).containsExactly("/p/4");
        assertThat(last.next()).isNull();
        assertThat(strings(index.list(b("/p/"), null, 0, true).keys())).containsExactly("/p/2u");
        assertThat(strings(index.list(b("/"), null, -1, false).keys())).hasSize(6);
    }

    @Test
    void startIsClampedIntoThePrefix() throws Exception {
        put("/a", false);
        put("/p/1", false);
        put("/z", false);
        assertThat(strings(index.list(b("/p/"), b("/a"), 0, false).keys())).containsExactly("/p/1");
        assertThat(strings(index.list(b("/p/"), b("/z"), 0, false).keys())).isEmpty();
        assertThat(strings(index.list(b("/p/"), b("/p/2"), 0, false).keys())).isEmpty();
    }

    @Test
    void aPrefixOfAllOnesHasNoUpperBound() {
        assertThat(BlobIndex.prefixSuccessor(new byte[] {'a', (byte) 0xFF})).containsExactly('b');
        assertThat(BlobIndex.prefixSuccessor(new byte[] {(byte) 0xFF})).isNull();
    }
}
