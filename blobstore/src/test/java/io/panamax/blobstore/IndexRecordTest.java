package io.panamax.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexRecordTest {
    private static final String MD5 = "5d41402abc4b2a76b9719d911017c592";

    private static IndexRecord decode(String s) {
        return IndexRecord.decode(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodesTheSpecExampleByteForByte() {
        IndexRecord r = IndexRecord.live(MD5, List.of("localhost:3001/sv07", "localhost:3002/sv04"));
        assertThat(new String(r.encode(), StandardCharsets.UTF_8))
                .isEqualTo("HASH5d41402abc4b2a76b9719d911017c592localhost:3001/sv07,localhost:3002/sv04");
    }

    @Test
    void roundTripsEveryCombinationOfDeletedAndHash() {
        for (boolean unlinked : new boolean[] {false, true}) {
            for (String md5 : new String[] {null, MD5}) {
                IndexRecord r = new IndexRecord(unlinked, md5, List.of("a:1/sv00", "b:2/sv0F", "c:3"));
                assertThat(IndexRecord.decode(r.encode())).isEqualTo(r);
            }
        }
    }

    @Test
    void decodesAGoRecordWithoutHash() {
        assertThat(decode("DELETEDlocalhost:3001")).isEqualTo(new IndexRecord(true, null, List.of("localhost:3001")));
        assertThat(decode("a:1,b:2")).isEqualTo(new IndexRecord(false, null, List.of("a:1", "b:2")));
    }

    @Test
    void deletedPrefixComesBeforeHash() {
        IndexRecord r = decode("DELETEDHASH" + MD5 + "a:1");
        assertThat(r.unlinked()).isTrue();
        assertThat(r.md5()).isEqualTo(MD5);
        assertThat(r.asUnlinked()).isEqualTo(r);
    }

    @Test
    void rejectsAnEmptyRecord() {
        assertThatThrownBy(() -> decode("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty replica");
        assertThatThrownBy(() -> decode("DELETED")).hasMessageContaining("empty replica");
    }

    @Test
    void rejectsAShortOrNonHexHash() {
        assertThatThrownBy(() -> decode("HASH5d41a:1")).hasMessageContaining("HASH without 32 hex digits");
        assertThatThrownBy(() -> decode("HASH" + MD5.toUpperCase() + "a:1")).hasMessageContaining("HASH without");
        assertThatThrownBy(() -> decode("HASHzz41402abc4b2a76b9719d911017c592a:1")).hasMessageContaining("HASH without");
    }

    @Test
    void rejectsAnEmptyReplicaBetweenCommas() {
        assertThatThrownBy(() -> decode("a:1,,b:2")).hasMessageContaining("empty replica");
        assertThatThrownBy(() -> decode("a:1,")).hasMessageContaining("empty replica");
    }

    @Test
    void constructorRejectsACommaInAReplicaAndNoReplica() {
        assertThatThrownBy(() -> IndexRecord.live(null, List.of("a,b"))).hasMessageContaining("comma");
        assertThatThrownBy(() -> IndexRecord.live(null, List.of())).hasMessageContaining("at least one");
    }

    @Test
    void needsRebalanceComparesTheOrderedList() {
        IndexRecord r = IndexRecord.live(null, List.of("a:1", "b:2"));
        assertThat(r.needsRebalance(List.of("a:1", "b:2"))).isFalse();
        assertThat(r.needsRebalance(List.of("b:2", "a:1"))).isTrue();
        assertThat(r.needsRebalance(List.of("a:1"))).isTrue();
    }
}
