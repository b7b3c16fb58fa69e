package io.panamax.protocol.resp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {
    private static boolean m(String p, String s) {
        return Glob.matches(p.getBytes(), s.getBytes(), false);
    }

    @Test
    void matchesRedisGlobSyntax() {
        assertThat(m("*", "")).isTrue();
        assertThat(m("h?llo", "hello")).isTrue();
        assertThat(m("h?llo", "hllo")).isFalse();
        assertThat(m("h*llo", "heeeello")).isTrue();
        assertThat(m("h[ae]llo", "hallo")).isTrue();
        assertThat(m("h[ae]llo", "hillo")).isFalse();
        assertThat(m("h[^e]llo", "hallo")).isTrue();
        assertThat(m("h[^e]llo", "hello")).isFalse();
        assertThat(m("h[a-b]llo", "hbllo")).isTrue();
        assertThat(m("h\\*llo", "h*llo")).isTrue();
        assertThat(m("h\\*llo", "hello")).isFalse();
        assertThat(m("user:*:name", "user:42:name")).isTrue();
        assertThat(m("user:*:name", "user:42:age")).isFalse();
    }

    @Test
    void caseInsensitiveWhenAsked() {
        assertThat(Glob.matches("MAX*".getBytes(), "maxmemory".getBytes(), true)).isTrue();
        assertThat(Glob.matches("MAX*".getBytes(), "maxmemory".getBytes(), false)).isFalse();
    }
}
