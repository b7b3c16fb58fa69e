package io.panamax.blobstore.volume;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void aClosedRangeIsClampedToTheFile() {
        assertThat(ByteRange.parse("bytes=2-5", 5)).isEqualTo(new ByteRange(2, 4));
        assertThat(ByteRange.parse("bytes=0-0", 5)).isEqualTo(new ByteRange(0, 0));
    }

    @Test
    void anOpenRangeRunsToTheEnd() {
        assertThat(ByteRange.parse("bytes=3-", 10)).isEqualTo(new ByteRange(3, 9));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() {
        assertThat(ByteRange.parse("bytes=-4", 10)).isEqualTo(new ByteRange(6, 9));
        assertThat(ByteRange.parse("bytes=-40", 10)).isEqualTo(new ByteRange(0, 9));
    }

    @Test
    void aStartPastTheEndIsUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=10-20", 10)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-0", 10)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=0-", 0)).isSameAs(ByteRange.UNSATISFIABLE);
    }

    @Test
    void malformedOrMultipleRangesAreIgnored() {
        assertThat(ByteRange.parse(null, 10)).isNull();
        assertThat(ByteRange.parse("items=0-1", 10)).isNull();
        assertThat(ByteRange.parse("bytes=5-2", 10)).isNull();
        assertThat(ByteRange.parse("bytes=a-b", 10)).isNull();
        assertThat(ByteRange.parse("bytes=-", 10)).isNull();
        assertThat(ByteRange.parse("bytes=0-1,3-4", 10)).isNull();
        assertThat(ByteRange.parse("bytes=+1-2", 10)).isNull();
    }
}
