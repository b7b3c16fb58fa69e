package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkScriptTest {

    @Test
    void parsesTheLabLineIntoMillisecondsRpsAndErrors() {
        String out = "Running 3s test @ http://127.0.0.1:1\n  1 threads and 50 connections\n"
                + "LAB requests=150000 duration_us=3000000 socket_errors=2 status_errors=3 mean_us=412.5 min_us=35"
                + " p50_us=380 p95_us=700 p99_us=1200 p999_us=2500 max_us=9000\nRequests/sec:  50000.00\n";
        LoadResult r = WrkScript.parse("get", out);
        assertThat(r.test()).isEqualTo("GET");
        assertThat(r.requests()).isEqualTo(150_000);
        assertThat(r.rps()).isEqualTo(50_000.0);
        assertThat(r.errors()).isEqualTo(5);
        assertThat(r.p50Ms()).isEqualTo(0.38);
        assertThat(r.p99Ms()).isEqualTo(1.2);
        assertThat(r.p999Ms()).isEqualTo(2.5);
        assertThat(r.maxMs()).isEqualTo(9.0);
        assertThat(r.avgMs()).isEqualTo(0.4125);
    }

    @Test
    void aRunWithoutTheLabLineIsAnError() {
        assertThatThrownBy(() -> WrkScript.parse("get", "unable to connect to 127.0.0.1:1 Connection refused"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Connection refused");
    }

    @Test
    void rendersGetAndPutScriptsOverTheKeySpace() {
        String get = WrkScript.render("get", 10_000, 50);
        assertThat(get).contains("local keys = 10000", "wrk.format(\"GET\", \"/keys/k\" .. math.random(0, keys - 1))",
                "latency:percentile(99.9)", "function done(");
        String put = WrkScript.render("put", 10_000, 50);
        assertThat(put).contains("wrk.format(\"PUT\"", "string.rep(\"v\", 50)");
        assertThatThrownBy(() -> WrkScript.render("delete", 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rendersTheCommandLine() {
        assertThat(WrkScript.command(1, 50, 10, "/r/get.lua", "127.0.0.1", 8188)).containsExactly("wrk", "-t1",
                "-c50", "-d10s", "--latency", "-s", "/r/get.lua", "http://127.0.0.1:8188");
    }

    @Test
    void theBlobKeyTestIsWrksStaticGetOfTheKeyUrl() {
        String lua = WrkScript.render("get-key", 1, 1);
        assertThat(lua).contains("function done(").doesNotContain("function request(");
        assertThat(WrkScript.url("get-key", "127.0.0.1", 3000)).isEqualTo("http://127.0.0.1:3000/key");
        assertThat(WrkScript.url("get", "127.0.0.1", 3000)).isEqualTo("http://127.0.0.1:3000");
        assertThat(WrkScript.command(1, 100, 10, "/r/k.lua", WrkScript.url("get-key", "127.0.0.1", 3000)))
                .containsExactly("wrk", "-t1", "-c100", "-d10s", "--latency", "-s", "/r/k.lua",
                        "http://127.0.0.1:3000/key");
        assertThat(WrkScript.parse("get-key", "LAB requests=10 duration_us=1000000 socket_errors=0 status_errors=0"
                + " mean_us=1 min_us=1 p50_us=1 p95_us=1 p99_us=1 p999_us=1 max_us=1\n").test()).isEqualTo("GET-KEY");
    }
}
