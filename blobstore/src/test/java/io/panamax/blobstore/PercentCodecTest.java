package io.panamax.blobstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PercentCodecTest {
    private static String decode(String s, boolean plusIsSpace) {
        byte[] b = PercentCodec.decode(s, 0, s.length(), plusIsSpace);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void escapesBecomeRawBytesIncludingSlashAndHighBytes() {
        assertThat(decode("/a%2Fb%00%ff", false)).isEqualTo("/a/b\0\u00ff");
    }

    @Test
    void plusIsASpaceOnlyInQueries() {
        assertThat(decode("a+b", false)).isEqualTo("a+b");
        assertThat(decode("a+b", true)).isEqualTo("a b");
    }

    @Test
    void malformedEscapesAreNull() {
        assertThat(decode("%", false)).isNull();
        assertThat(decode("%4", false)).isNull();
        assertThat(decode("%zz", false)).isNull();
    }
}
