package io.panamax.protocol.http;

import static io.panamax.protocol.http.RestHarness.delete;
import static io.panamax.protocol.http.RestHarness.exchange;
import static io.panamax.protocol.http.RestHarness.get;
import static io.panamax.protocol.http.RestHarness.one;
import static io.panamax.protocol.http.RestHarness.post;
import static io.panamax.protocol.http.RestHarness.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.panamax.protocol.http.RestHarness.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST routes, status codes, texts and limits of specs/rest.md, over the real pipeline and a real LsmStore. */
class RestApiTest {
    @TempDir
    Path dir;

    RestHarness rest;
    EmbeddedChannel ch;

    @BeforeEach
    void open() {
        rest = new RestHarness(dir, HttpLimits.DEFAULTS.withMaxValueBytes(4096).withTimeouts(60_000, 5_000));
        ch = rest.channel();
    }

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
        rest.close();
    }

    @Test
    void putThenGetReturnsTheBinaryValueWithItsContentType() {
        byte[] value = {0, 1, (byte) 0xFF, '\r', '\n', 'x', 0};
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(("PUT /keys/bin HTTP/1.1\r\nHost: t\r\nContent-Type: image/png\r\nContent-Length: "
                + value.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        req.writeBytes(value);
        RestHarness.write(ch, req.toByteArray());
        Response put = RestHarness.parse(RestHarness.outbound(ch), false).getFirst();
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.text()).isEqualTo("Key 'bin' updated");
        assertThat(put.header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(put.header("content-length")).isEqualTo("17");

        Response got = one(ch, get("/keys/bin"));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(value);
        assertThat(got.header("content-type")).isEqualTo("image/png");
        assertThat(got.header("etag")).matches("\"[0-9a-f]{16}\"").isEqualTo(put.header("etag"));
    }

    @Test
    void putWithoutContentTypeIsServedAsOctetStreamAndUpserts() {
        assertThat(one(ch, put("/keys/k", "one")).text()).isEqualTo("Key 'k' updated");
        assertThat(one(ch, put("/keys/k", "two")).status()).isEqualTo(200);
        Response got = one(ch, get("/keys/k"));
        assertThat(got.text()).isEqualTo("two");
        assertThat(got.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(one(ch, put("/keys/empty", "")).status()).isEqualTo(200);
        assertThat(one(ch, get("/keys/empty")).body()).isEmpty();
    }

    @Test
    void missingKeyIs404KeyNotFound() {
        Response r = one(ch, get("/keys/nope"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).isEqualTo("Key not found");
        assertThat(r.header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(one(ch, delete("/keys/nope")).text()).isEqualTo("Key not found");
    }

    @Test
    void postCreatesOnceThenSaysAlreadyExists() {
        Response created = one(ch, post("{\"key\": \"user1\", \"value\": \"hello \\\"json\\\" \\u00e9\"}"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).isEqualTo("Key 'user1' created");
        Response again = one(ch, post("{\"value\":\"x\",\"key\":\"user1\",\"extra\":[1,{\"a\":null}]}"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.text()).isEqualTo("Key 'user1' already exists");
        Response got = one(ch, get("/keys/user1"));
        assertThat(got.text()).isEqualTo("hello \"json\" é");
        assertThat(got.header("content-type")).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void postWithoutBodyOrWithBadJsonIs400() {
        assertThat(one(ch, "POST /keys HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").text())
                .isEqualTo("Missing request body");
        for (String bad : List.of("{", "[]", "\"s\"", "{\"key\":\"a\"}", "{\"value\":\"a\"}", "{\"key\":1,\"value\":\"a\"}",
                "{\"key\":\"a\",\"value\":2}", "{\"key\":\"a\",\"value\":\"b\"} x", "{\"key\":\"a\",\"key\":\"b\",\"value\":\"c\"}",
                "{'key':'a','value':'b'}", "{\"key\":\"\",\"value\":\"b\"}")) {
            Response r = one(ch, post(bad));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.text()).as(bad).isEqualTo("Invalid JSON body");
        }
        assertThat(one(ch, "POST /keys/ HTTP/1.1\r\nHost: t\r\nContent-Length: 27\r\n\r\n{\"key\":\"s\",\"value\":\"slash\"}")
                .status()).isEqualTo(201);
        assertThat(one(ch, get("/keys?limit=10")).text()).isEqualTo("{\"keys\":[\"s\"],\"next\":null}");
    }

    @Test
    void deleteRemovesTheKey() {
        one(ch, put("/keys/d", "v"));
        Response r = one(ch, delete("/keys/d"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("Key 'd' deleted");
        assertThat(one(ch, get("/keys/d")).status()).isEqualTo(404);
        assertThat(one(ch, delete("/keys/d")).status()).isEqualTo(404);
    }

    @Test
    void otherMethodsOnKeysAre400InvalidMethod() {
        for (String req : List.of("PATCH /keys/a", "POST /keys/a", "GET /keys/", "DELETE /keys", "PUT /keys",
                "OPTIONS /keys/a", "BREW /keys/a", "POST /health")) {
            Response r = one(ch, req + " HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
            assertThat(r.status()).as(req).isEqualTo(400);
            assertThat(r.text()).as(req).isEqualTo("Invalid Method for Path");
        }
    }

    @Test
    void otherPathsAre404RouteNotFound() {
        for (String path : List.of("/", "/foo", "/keysx", "/keys/a/b", "/health/x", "http://h")) {
            Response r = one(ch, get(path));
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.text()).as(path).isEqualTo("404 Route Not Found (Did you mean /keys or /keys/{id}?)");
        }
    }

    @Test
    void keysArePercentDecoded() {
        assertThat(one(ch, put("/keys/a%20b%2Fc+d%C3%A9", "v")).text()).isEqualTo("Key 'a b/c+dé' updated");
        assertThat(one(ch, get("/keys/a%20b%2fc+d%c3%a9")).text()).isEqualTo("v");
        assertThat(one(ch, get("/keys?prefix=a+b")).text()).isEqualTo("{\"keys\":[\"a b/c+dé\"],\"next\":null}");
        assertThat(one(ch, get("http://localhost:8080/keys/a%20b%2Fc%2Bd%C3%A9?x=1")).text()).isEqualTo("v");
        Response bad = one(ch, get("/keys/a%zz"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).isEqualTo("Invalid key encoding");
        assertThat(one(ch, get("/keys/a%2")).status()).isEqualTo(400);
    }

    @Test
    void ifNoneMatchGives304UntilTheValueChanges() {
        String etag = one(ch, put("/keys/e", "v1")).header("etag");
        for (String inm : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            Response r = one(ch, "GET /keys/e HTTP/1.1\r\nHost: t\r\nIf-None-Match: " + inm + "\r\n\r\n");
            assertThat(r.status()).as(inm).isEqualTo(304);
            assertThat(r.header("etag")).isEqualTo(etag);
            assertThat(r.body()).isEmpty();
        }
        assertThat(one(ch, "GET /keys/e HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"other\"\r\n\r\n").status()).isEqualTo(200);
        one(ch, put("/keys/e", "v2"));
        Response changed = one(ch, "GET /keys/e HTTP/1.1\r\nHost: t\r\nIf-None-Match: " + etag + "\r\n\r\n");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.text()).isEqualTo("v2");
        assertThat(changed.header("etag")).isNotEqualTo(etag);
    }

    @Test
    void headGivesLengthWithoutBody() {
        one(ch, put("/keys/h", "12345"));
        RestHarness.write(ch, "HEAD /keys/h HTTP/1.1\r\nHost: t\r\n\r\nHEAD /keys/none HTTP/1.1\r\nHost: t\r\n\r\n");
        byte[] raw = RestHarness.outbound(ch);
        List<Response> rs = RestHarness.parse(raw, true);
        assertThat(rs).hasSize(2);
        assertThat(rs.get(0).status()).isEqualTo(200);
        assertThat(rs.get(0).header("content-length")).isEqualTo("5");
        assertThat(rs.get(0).header("etag")).isNotNull();
        assertThat(rs.get(1).status()).isEqualTo(404);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("12345").doesNotContain("Key not found");
    }

    @Test
    void listingIsOrderedAndPaged() {
        for (String k : List.of("b1", "a3", "a1", "a2", "c")) {
            one(ch, put("/keys/" + k, "v"));
        }
        one(ch, delete("/keys/c"));
        Response page1 = one(ch, get("/keys?prefix=a&limit=2"));
        assertThat(page1.header("content-type")).isEqualTo("application/json");
        assertThat(page1.text()).isEqualTo("{\"keys\":[\"a1\",\"a2\"],\"next\":\"a3\"}");
        assertThat(one(ch, get("/keys?prefix=a&limit=2&start=a3")).text()).isEqualTo("{\"keys\":[\"a3\"],\"next\":null}");
        assertThat(one(ch, get("/keys")).text()).isEqualTo("{\"keys\":[\"a1\",\"a2\",\"a3\",\"b1\"],\"next\":null}");
        assertThat(one(ch, get("/keys?start=a2&limit=1")).text()).isEqualTo("{\"keys\":[\"a2\"],\"next\":\"a3\"}");
        assertThat(one(ch, get("/keys?prefix=zz")).text()).isEqualTo("{\"keys\":[],\"next\":null}");
        for (String bad : List.of("0", "-1", "x", "10001", "")) {
            Response r = one(ch, get("/keys?limit=" + bad));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.text()).startsWith("Invalid limit");
        }
    }

    @Test
    void healthAndMetrics() {
        Response health = one(ch, get("/health"));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).isEqualTo("OK");
        one(ch, get("/keys/none"));
        one(ch, put("/keys/m", "v"));
        Response metrics = one(ch, get("/metrics"));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("content-type")).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.text())
                .contains("panamax_http_requests_total{route=\"get_key\",status=\"404\"} 1")
                .contains("panamax_http_requests_total{route=\"put_key\",status=\"200\"} 1")
                .contains("panamax_http_requests_total{route=\"health\",status=\"200\"} 1")
                .contains("panamax_lsm_write_groups_total 1")
                .contains("panamax_lsm_level_files{level=\"0\"} 0")
                .contains("# TYPE panamax_lsm_memtable_bytes gauge");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        String batch = put("/keys/p", "1") + get("/keys/p") + get("/nowhere") + put("/keys/p", "22") + get("/keys/p")
                + get("/health") + delete("/keys/p") + get("/keys/p");
        List<Response> rs = exchange(ch, batch);
        assertThat(rs).extracting(Response::text).containsExactly("Key 'p' updated", "1",
                "404 Route Not Found (Did you mean /keys or /keys/{id}?)", "Key 'p' updated", "22", "OK",
                "Key 'p' deleted", "Key not found");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void requestsSplitAtEveryByteGiveTheSameReplies() {
        byte[] batch = (put("/keys/s", "split") + get("/keys/s") + "PUT /keys/c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n" + get("/keys/c")).getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : batch) {
            RestHarness.write(ch, new byte[] {b});
        }
        List<Response> rs = RestHarness.parse(RestHarness.outbound(ch), false);
        assertThat(rs).extracting(Response::text).containsExactly("Key 's' updated", "split", "Key 'c' updated", "abcde");
    }

    @Test
    void expectContinueIsAnswered() {
        RestHarness.write(ch, "PUT /keys/x HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        assertThat(new String(RestHarness.outbound(ch), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 100 Continue");
        RestHarness.write(ch, "abc");
        assertThat(RestHarness.parse(RestHarness.outbound(ch), false).getFirst().text()).isEqualTo("Key 'x' updated");
    }

    @Test
    void expectContinueOverTheLimitIs413AndCloses() {
        RestHarness.write(ch, "PUT /keys/x HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
        Response r = RestHarness.parse(RestHarness.outbound(ch), false).getFirst();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).isEqualTo("Value too large (max 4096 bytes)");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void pipelinedRequestsSeeTheWritesBeforeThemOnEveryShard() {
        List<String> keys = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7");
        assertThat(keys.stream().map(k -> rest.storeOf(k.getBytes(StandardCharsets.UTF_8))).distinct().count())
                .as("the keys span both shard stores").isEqualTo(2);
        StringBuilder batch = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (String k : keys) {
            batch.append(put("/keys/" + k, "v" + k)).append(post("{\"key\":\"" + k + "\",\"value\":\"x\"}"))
                    .append(get("/keys/" + k));
            expected.addAll(List.of("Key '" + k + "' updated", "Key '" + k + "' already exists", "v" + k));
        }
        batch.append(get("/keys?prefix=k")).append(delete("/keys/k3")).append(delete("/keys/k3"))
                .append(post("{\"key\":\"k3\",\"value\":\"again\"}")).append(get("/keys/k3"))
                .append(get("/keys?prefix=k&limit=3")).append(put("/keys/k8", "late"));
        expected.addAll(List.of("{\"keys\":[\"k0\",\"k1\",\"k2\",\"k3\",\"k4\",\"k5\",\"k6\",\"k7\"],\"next\":null}",
                "Key 'k3' deleted", "Key not found", "Key 'k3' created", "again",
                "{\"keys\":[\"k0\",\"k1\",\"k2\"],\"next\":\"k3\"}", "Key 'k8' updated"));
        List<Response> rs = exchange(ch, batch.toString());
        assertThat(rs).extracting(Response::text).containsExactlyElementsOf(expected);
        for (String k : keys) { // every write is in its owner's store, and only there
            byte[] key = k.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < RestHarness.SHARDS; i++) {
                boolean owner = rest.stores.store(i) == rest.storeOf(key);
                assertThat(rest.stores.store(i).get(key) != null).as(k + " in shard " + i).isEqualTo(owner);
            }
        }
    }

    @Test
    void bodyOverTheLimitIs413ClosesAndStoresNothing() {
        one(ch, put("/keys/big", "old"));
        String big = "x".repeat(4097);
        List<Response> rs = exchange(ch, put("/keys/big", big) + get("/keys/big"));
        assertThat(rs).hasSize(1);
        assertThat(rs.getFirst().status()).isEqualTo(413);
        assertThat(rs.getFirst().header("connection")).isEqualTo("close");
        assertThat(ch.isOpen()).isFalse();
        EmbeddedChannel other = rest.channel();
        assertThat(one(other, get("/keys/big")).text()).isEqualTo("old");
        assertThat(one(other, put("/keys/max", "y".repeat(4096))).status()).isEqualTo(200);
        other.finishAndReleaseAll();
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        String chunk = Integer.toHexString(3000) + "\r\n" + "z".repeat(3000) + "\r\n";
        List<Response> rs = exchange(ch, "PUT /keys/c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n");
        assertThat(rs).extracting(Response::status).containsExactly(413);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void malformedRequestIs400AndCloses() {
        one(ch, put("/keys/m", "v"));
        List<Response> rs = exchange(ch, get("/keys/m") + "GET /keys/m HTTP/9.x\r\n\r\n" + delete("/keys/m"));
        assertThat(rs).extracting(Response::status).containsExactly(200, 400);
        assertThat(rs.get(1).text()).isEqualTo("Malformed request");
        assertThat(rs.get(1).header("connection")).isEqualTo("close");
        assertThat(ch.isOpen()).isFalse();
        assertThat(one(rest.channel(), get("/keys/m")).status()).isEqualTo(200);
    }

    @Test
    void oversizedHeadersAre431AndLongLinesAre414() {
        Response r = one(ch, "GET /keys/a HTTP/1.1\r\nX-Big: " + "h".repeat(20_000) + "\r\n\r\n");
        assertThat(r.status()).isEqualTo(431);
        assertThat(ch.isOpen()).isFalse();
        EmbeddedChannel other = rest.channel();
        Response line = one(other, get("/keys/" + "k".repeat(10_000)));
        assertThat(line.status()).isEqualTo(414);
        assertThat(other.isOpen()).isFalse();
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheReply() {
        Response r = one(ch, "GET /health HTTP/1.0\r\n\r\n");
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(ch.isOpen()).isFalse();
        EmbeddedChannel keep = rest.channel();
        Response kept = one(keep, "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(kept.header("connection")).isEqualTo("keep-alive");
        assertThat(keep.isOpen()).isTrue();
        assertThat(one(keep, "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n").header("connection")).isEqualTo("close");
        assertThat(keep.isOpen()).isFalse();
    }

    @Test
    void aTricklingRequestIsCutOffByTheRequestTimeout() {
        RestHarness.write(ch, "GET /keys/a HTTP/1.1\r\nX-Slow: ");
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        RestHarness.write(ch, "a");
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aTricklingRequestAfterAWholeOneGetsItsOwnFullTimeout() {
        one(ch, get("/health")); // first bytes at t=0 arm the connection's check for t=5
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        RestHarness.write(ch, "GET /keys/a HTTP/1.1\r\nX-Slow: "); // deadline t=9
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks(); // t=6: the check finds a later deadline and waits for it
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks(); // t=8
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks(); // t=10
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aConnectionThatSendsNothingForTheIdleTimeoutIsClosed() {
        one(ch, get("/health"));
        ch.advanceTimeBy(59, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void wholeRequestsResetTheRequestTimeout() {
        for (int i = 0; i < 4; i++) {
            one(ch, get("/health"));
            ch.advanceTimeBy(3, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        assertThat(ch.isOpen()).isTrue();
    }
}
