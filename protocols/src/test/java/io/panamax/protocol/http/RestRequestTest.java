package io.panamax.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Routing of request lines and percent-decoding, without a channel. */
class RestRequestTest {
    private static RestRequest route(String method, String uri) {
        return RestRequest.parse(HttpMethod.valueOf(method), uri);
    }

    @Test
    void routesTheKeyPaths() {
        assertThat(route("GET", "/keys/a").route()).isEqualTo(RestRoute.GET_KEY);
        assertThat(route("HEAD", "/keys/a").route()).isEqualTo(RestRoute.HEAD_KEY);
        assertThat(route("PUT", "/keys/a?x=y").route()).isEqualTo(RestRoute.PUT_KEY);
        assertThat(route("DELETE", "/keys/a").route()).isEqualTo(RestRoute.DELETE_KEY);
        assertThat(route("POST", "/keys").route()).isEqualTo(RestRoute.CREATE_KEY);
        assertThat(route("POST", "/keys/").route()).isEqualTo(RestRoute.CREATE_KEY);
        assertThat(route("POST", "/keys?x").route()).isEqualTo(RestRoute.CREATE_KEY);
        assertThat(route("GET", "/keys").route()).isEqualTo(RestRoute.LIST_KEYS);
        assertThat(route("GET", "/health").route()).isEqualTo(RestRoute.HEALTH);
        assertThat(route("GET", "/metrics").route()).isEqualTo(RestRoute.METRICS);
        assertThat(route("POST", "/keys/a").route()).isEqualTo(RestRoute.BAD_METHOD);
        assertThat(route("GET", "/keys/").route()).isEqualTo(RestRoute.BAD_METHOD);
        assertThat(route("GET", "/keys/a/b").route()).isEqualTo(RestRoute.NOT_FOUND);
        assertThat(route("GET", "/key").route()).isEqualTo(RestRoute.NOT_FOUND);
        assertThat(route("GET", "*").route()).isEqualTo(RestRoute.NOT_FOUND);
        assertThat(route("GET", "http://host:8080/keys/k").key()).isEqualTo("k".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void decodesKeysToRawBytes() {
        assertThat(route("GET", "/keys/%00%ff%41+").key()).isEqualTo(new byte[] {0, (byte) 0xFF, 'A', '+'});
        assertThat(route("GET", "/keys/\u00e9").key()).isEqualTo(new byte[] {(byte) 0xE9}); // ISO-8859-1 char = byte
        assertThat(route("GET", "/keys/%").route()).isEqualTo(RestRoute.BAD_PARAMETER);
        assertThat(route("GET", "/keys/%g0").message()).isEqualTo("Invalid key encoding");
    }

    @Test
    void parsesListingParameters() {
        RestRequest r = route("GET", "/keys?prefix=a+b%2F&start=a%20c&limit=7&other=1");
        assertThat(new String(r.prefix(), StandardCharsets.UTF_8)).isEqualTo("a b/");
        assertThat(new String(r.start(), StandardCharsets.UTF_8)).isEqualTo("a c");
        assertThat(r.limit()).isEqualTo(7);
        RestRequest defaults = route("GET", "/keys?");
        assertThat(defaults.prefix()).isEmpty();
        assertThat(defaults.start()).isNull();
        assertThat(defaults.limit()).isEqualTo(RestRequest.DEFAULT_LIMIT);
        assertThat(route("GET", "/keys?limit=10000").limit()).isEqualTo(10_000);
        assertThat(route("GET", "/keys?limit=1x").route()).isEqualTo(RestRoute.BAD_PARAMETER);
        assertThat(route("GET", "/keys?prefix=%zz").message()).isEqualTo("Invalid prefix encoding");
    }

    @Test
    void matchesEntityTags() {
        assertThat(EntityTags.matches("\"a\"", "\"a\"")).isTrue();
        assertThat(EntityTags.matches(" W/\"a\" ", "\"a\"")).isTrue();
        assertThat(EntityTags.matches("\"b\", \"a\"", "\"a\"")).isTrue();
        assertThat(EntityTags.matches("*", "\"a\"")).isTrue();
        assertThat(EntityTags.matches("\"b\"", "\"a\"")).isFalse();
        assertThat(EntityTags.matches("a", "\"a\"")).isFalse();
    }

    @Test
    void prefixSuccessorSkipsTrailingFfBytes() {
        assertThat(RestCommands.prefixSuccessor(new byte[] {'a', (byte) 0xFF})).isEqualTo(new byte[] {'b'});
        assertThat(RestCommands.prefixSuccessor(new byte[] {(byte) 0xFF})).isNull();
        assertThat(RestCommands.prefixSuccessor(new byte[0])).isNull();
    }
}
