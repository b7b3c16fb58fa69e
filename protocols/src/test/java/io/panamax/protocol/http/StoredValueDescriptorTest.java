package io.panamax.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The persisted value layout, frozen by golden bytes. */
class StoredValueDescriptorTest {
    /** XXH3-64 of bytes 10.. of the value below, little-endian; changing it breaks every stored ETag. */
    private static final String GOLDEN_HASH_LE = "d0edc303c567fd68";

    @Test
    void version1GoldenBytes() {
        byte[] body = "hi".getBytes(StandardCharsets.US_ASCII);
        byte[] stored = StoredValueDescriptor.encode("text/x", body, 0, body.length);
        String hex = HexFormat.of().formatHex(stored);
        // magic 'V', version 1, 8-byte LE hash, type length 6, "text/x", "hi"
        assertThat(hex).startsWith("5601").endsWith("06" + "746578742f78" + "6869");
        assertThat(stored).hasSize(11 + 6 + 2);
        assertThat(hex.substring(4, 20)).isEqualTo(GOLDEN_HASH_LE);
        assertThat(StoredValueDescriptor.isValid(stored)).isTrue();
        assertThat(StoredValueDescriptor.contentType(stored)).isEqualTo("text/x");
        assertThat(StoredValueDescriptor.bodyOffset(stored)).isEqualTo(17);
        StringBuilder le = new StringBuilder();
        for (int i = 9; i >= 2; i--) {
            le.append(String.format("%02x", stored[i]));
        }
        assertThat(StoredValueDescriptor.etag(stored)).isEqualTo("\"" + le + "\"");
    }

    @Test
    void noContentTypeAndEtagsDifferByTypeAndBody() {
        byte[] body = {1, 2, 3};
        byte[] plain = StoredValueDescriptor.encode(null, body, 0, 3);
        assertThat(StoredValueDescriptor.contentType(plain)).isNull();
        assertThat(StoredValueDescriptor.bodyOffset(plain)).isEqualTo(11);
        String a = StoredValueDescriptor.etag(plain);
        assertThat(StoredValueDescriptor.etag(StoredValueDescriptor.encode("x/y", body, 0, 3))).isNotEqualTo(a);
        assertThat(StoredValueDescriptor.etag(StoredValueDescriptor.encode(null, new byte[] {1, 2, 4}, 0, 3)))
                .isNotEqualTo(a);
        assertThat(StoredValueDescriptor.etag(StoredValueDescriptor.encode(null, body, 0, 3))).isEqualTo(a);
    }

    @Test
    void rejectsForeignBytes() {
        assertThat(StoredValueDescriptor.isValid(new byte[0])).isFalse();
        assertThat(StoredValueDescriptor.isValid("plain value".getBytes(StandardCharsets.US_ASCII))).isFalse();
        byte[] truncated = StoredValueDescriptor.encode("text/plain", new byte[0], 0, 0);
        assertThat(StoredValueDescriptor.isValid(java.util.Arrays.copyOf(truncated, 15))).isFalse();
    }
}
