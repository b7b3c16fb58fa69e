package io.panamax.protocol.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses the body of {@code POST /keys}: a JSON object (RFC 8259) with string fields {@code key} and {@code value};
 * other fields are ignored, a repeated field, a missing field, a non-string one, bad syntax or trailing tokens make
 * it invalid (as serde does in mkvss-async).
 */
final class CreateKeyJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The parsed fields. */
    record Fields(String key, String value) {}

    private CreateKeyJson() {}

    /** @return the fields, or null when the document is invalid */
    static Fields parse(InputStream body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String key = null;
            String value = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("key") || name.equals("value")) {
                    if (v != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    if (name.equals("key")) {
                        key = p.getText();
                    } else {
                        value = p.getText();
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || key == null || value == null) {
                return null;
            }
            return new Fields(key, value);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
