package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpTargetTest {

    @Test
    void splitsARedirectLocation() {
        HttpTarget t = HttpTarget.parse("http://127.0.0.1:40123/sv07/60/08/L3dlaGF2ZQ==");
        assertThat(t).isEqualTo(new HttpTarget("127.0.0.1", 40123, "/sv07/60/08/L3dlaGF2ZQ=="));
        assertThat(t.authority()).isEqualTo("127.0.0.1:40123");
        assertThat(HttpTarget.parse("http://localhost:3000/?list")).isEqualTo(new HttpTarget("localhost", 3000, "/?list"));
        assertThat(HttpTarget.parse("http://volume")).isEqualTo(new HttpTarget("volume", 80, "/"));
    }

    @Test
    void rejectsWhatASessionCannotSendTo() {
        for (String bad : new String[] {"https://h:1/x", "/relative", "http://:80/x", "http://h:0/x", "http://h:x/",
            "http://u@h:1/", "http://[::1]:1/", "http:///x"}) {
            assertThatThrownBy(() -> HttpTarget.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }
}
