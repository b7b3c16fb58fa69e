package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Start-up, CLI contract, bad input and graceful shutdown of a real server process. */
class ServerLifecycleIT {

    @Test
    void sigtermShutsDownGracefully() throws Exception {
        ServerProcess server = ServerProcess.panamax("--shards", "2");
        try (RawResp c = new RawResp(server.port)) {
            assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
        }
        assertThat(server.terminate(15_000)).isTrue();
        assertThat(server.logText()).containsPattern("transport=(io_uring|epoll|nio)").contains("shutting down").contains("stopped");
    }

    @Test
    void shutdownCommandStopsTheServer() throws Exception {
        try (ServerProcess server = ServerProcess.panamax("--shards", "1")) {
            try (RawResp c = new RawResp(server.port)) {
                c.send(RawResp.command("SHUTDOWN", "NOSAVE"));
                assertThat(c.closedByServer()).isTrue();
            }
            assertThat(server.process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void honoursTransportChoiceAndShowsItInInfo() throws Exception {
        for (String transport : List.of("epoll", "nio")) {
            try (ServerProcess server = ServerProcess.panamax("--transport", transport, "--shards", "3");
                    RawResp c = new RawResp(server.port)) {
                String info = c.call("INFO", "panamax");
                assertThat(info).contains("transport:" + transport).contains("shards:3");
            }
        }
    }

    @Test
    void malformedFramingGetsProtocolErrorAndClose() throws Exception {
        try (ServerProcess server = ServerProcess.panamax("--shards", "2")) {
            String[] bad = {"*1\r\n$-5\r\n", "*-3\r\n", "*1\r\n:12\r\n", "*2\r\n$3\r\nGET\r\n$abc\r\n", "SET k \"unbalanced\r\n"};
            for (String frame : bad) {
                try (RawResp c = new RawResp(server.port)) {
                    c.send(frame.getBytes(StandardCharsets.ISO_8859_1));
                    assertThat(c.readReply()).as("reply to %s", frame).startsWith("-ERR Protocol error: ");
                    assertThat(c.closedByServer()).isTrue();
                }
            }
            try (RawResp c = new RawResp(server.port)) {
                assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            }
        }
    }

    @Test
    void repliesBeforeAProtocolErrorAreDelivered() throws Exception {
        try (ServerProcess server = ServerProcess.panamax("--shards", "2"); RawResp c = new RawResp(server.port)) {
            byte[] good = RawResp.command("SET", "a", "1");
            byte[] get = RawResp.command("GET", "a");
            byte[] bad = "*1\r\n$x\r\n".getBytes(StandardCharsets.US_ASCII);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            all.writeBytes(good);
            all.writeBytes(get);
            all.writeBytes(bad);
            c.send(all.toByteArray());
            assertThat(c.readReply()).isEqualTo("+OK\r\n");
            assertThat(c.readReply()).isEqualTo("$1\r\n1\r\n");
            assertThat(c.readReply()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void announcedHugeBulkDoesNotAllocateAndOthersAreServed() throws Exception {
        try (ServerProcess server = ServerProcess.panamax("--shards", "2")) {
            long rssBefore = rssKb(server.process.pid());
            try (RawResp greedy = new RawResp(server.port); RawResp other = new RawResp(server.port)) {
                greedy.send("*2\r\n$3\r\nGET\r\n$536870912\r\nabc".getBytes(StandardCharsets.US_ASCII));
                assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
                long rssAfter = rssKb(server.process.pid());
                assertThat(rssAfter - rssBefore).as("RSS growth in KiB").isLessThan(64 * 1024);
            }
        }
    }

    @Test
    void clientVanishingMidPipelineAffectsNobodyElse() throws Exception {
        try (ServerProcess server = ServerProcess.panamax("--shards", "2"); RawResp survivor = new RawResp(server.port)) {
            for (int round = 0; round < 20; round++) {
                RawResp leaver = new RawResp(server.port);
                java.io.ByteArrayOutputStream pipeline = new java.io.ByteArrayOutputStream();
                for (int i = 0; i < 5000; i++) {
                    pipeline.writeBytes(RawResp.command("SET", "leaver:" + i, "x".repeat(100)));
                }
                byte[] bytes = pipeline.toByteArray();
                leaver.send(java.util.Arrays.copyOf(bytes, bytes.length / 2 + round));
                leaver.close();
                assertThat(survivor.call("INCR", "survivor")).isEqualTo(":" + (round + 1) + "\r\n");
            }
        }
    }

    @Test
    void rejectsBadCommandLineArguments() throws Exception {
        String jar = System.getProperty("panamax.jar", "target/panamax.jar");
        String java = System.getProperty("panamax.java", "java");
        for (List<String> args : List.of(List.of("--maxmemory", "lots"), List.of("--shards", "0"), List.of("--transport", "carrier-pigeon"),
                List.of("--http-port", "70000"), List.of("--fsync", "sometimes"), List.of("--http-max-value-size", "3gb"),
                List.of("--maxmemory-policy", "allkeys-mru"), List.of("--maxmemory-samples", "0"), List.of("--lfu-decay-time", "-1"))) {
            List<String> cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar, "server", "--port", "0"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("exit code for %s", args).isEqualTo(2);
            assertThat(out).as("message for %s", args).contains(args.get(0).substring(2) + "=");
        }
    }

    @Test
    void printsVersionAndHelp() throws Exception {
        String jar = System.getProperty("panamax.jar", "target/panamax.jar");
        String java = System.getProperty("panamax.java", "java");
        Process v = new ProcessBuilder(java, "-jar", jar, "--version").redirectErrorStream(true).start();
        assertThat(new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("panamax 0.");
        assertThat(v.waitFor()).isZero();
        Process h = new ProcessBuilder(java, "-jar", jar, "server", "--help").redirectErrorStream(true).start();
        assertThat(new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("--port").contains("--bind").contains("--shards").contains("--transport").contains("--maxmemory");
        assertThat(h.waitFor()).isZero();
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
