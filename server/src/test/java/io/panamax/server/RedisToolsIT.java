package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** redis-cli and redis-benchmark, unchanged, against a real Panamax process. */
class RedisToolsIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(installed("redis-cli") && installed("redis-benchmark"), "redis-tools not installed (.ci/run installs it)");
        server = ServerProcess.panamax("--shards", "2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static boolean installed(String tool) {
        try {
            return new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static Result run(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    record Result(int exit, String out) {}

    private static String port() {
        return Integer.toString(server.port);
    }

    @Test
    void redisCliRunsCommands() throws Exception {
        assertThat(run(null, "redis-cli", "-p", port(), "SET", "cli:k", "hello world").out()).isEqualTo("OK\n");
        assertThat(run(null, "redis-cli", "-p", port(), "GET", "cli:k").out()).isEqualTo("hello world\n");
        assertThat(run(null, "redis-cli", "-p", port(), "--no-raw", "MGET", "cli:k", "cli:none").out())
                .isEqualTo("1) \"hello world\"\n2) (nil)\n");
        assertThat(run(null, "redis-cli", "-p", port(), "INCRBY", "cli:n", "5").out()).isEqualTo("5\n");
        assertThat(run(null, "redis-cli", "-p", port(), "--no-raw", "GET").out())
                .contains("ERR wrong number of arguments for 'get' command");
        assertThat(run(null, "redis-cli", "-p", port(), "-3", "--no-raw", "GET", "cli:none").out()).isEqualTo("(nil)\n");
    }

    @Test
    void redisCliInteractiveSessionWorks() throws Exception {
        Result r = run("SET a 1\nGET a\nPING\nCOMMAND COUNT\n", "redis-cli", "-p", port());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("OK").contains("1").contains("PONG");
    }

    @Test
    void redisCliPipeModeLoadsData() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append(new String(RawResp.command("SET", "pipe:" + i, "v" + i), StandardCharsets.UTF_8));
        }
        Result r = run(sb.toString(), "redis-cli", "-p", port(), "--pipe");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("errors: 0, replies: 10000");
        assertThat(run(null, "redis-cli", "-p", port(), "GET", "pipe:9999").out()).isEqualTo("v9999\n");
    }

    @Test
    void redisCliScanIteratesEveryKey() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append(new String(RawResp.command("SET", "scan:" + i, "v"), StandardCharsets.UTF_8));
        }
        run(sb.toString(), "redis-cli", "-p", port(), "--pipe");
        Result r = run(null, "redis-cli", "-p", port(), "--scan", "--pattern", "scan:*");
        assertThat(r.out().lines().distinct().count()).isEqualTo(3000);
    }

    @Test
    void redisBenchmarkRunsToTheEndWithAndWithoutPipelining() throws Exception {
        for (String pipeline : List.of("1", "16")) {
            Result r = run(null, "redis-benchmark", "-p", port(), "-q", "-n", "20000", "-c", "20", "-P", pipeline,
                    "-r", "100000", "-t", "ping,set,get,incr,mset");
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(r.out()).contains("PING_INLINE").contains("PING_MBULK").contains("SET").contains("GET")
                    .contains("INCR").contains("MSET").doesNotContain("ERR");
        }
    }

    @Test
    void redisBenchmarkWithResp3Works() throws Exception {
        Result r = run(null, "redis-benchmark", "-p", port(), "-q", "-3", "-n", "5000", "-t", "set,get");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("SET").contains("GET");
    }
}
