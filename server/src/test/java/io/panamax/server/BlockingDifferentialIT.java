package io.panamax.server;

import static io.panamax.server.BlockingIT.keyOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The blocking commands against a stock redis-server 7.0 and Panamax with two shards, byte for byte: served at once
 * (keys of both shards, argument order), WRONGTYPE, argument errors, timeout parsing and the timeout replies.
 */
class BlockingDifferentialIT {
    private static ServerProcess redis;
    private static ServerProcess panamax;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ServerProcess.redisInstalled(), "redis-server is not installed (.ci/run installs it)");
        redis = ServerProcess.redis();
        panamax = ServerProcess.panamax("--shards", "2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (panamax != null) {
            panamax.close();
        }
    }

    private static final String L0 = keyOn(0, "l");
    private static final String L1 = keyOn(1, "l");
    private static final String Z0 = keyOn(0, "z");
    private static final String Z1 = keyOn(1, "z");
    private static final String S0 = keyOn(0, "s");
    private static final String S1 = keyOn(1, "s");
    private static final String N0 = keyOn(0, "none");
    private static final String N1 = keyOn(1, "none");

    private static final String[][] IMMEDIATE = {
        {"RPUSH", L0, "a", "b", "c", "d", "e", "f"}, {"RPUSH", L1, "x", "y"}, {"ZADD", Z1, "1", "m", "2.5", "n", "-3", "o"},
        {"ZADD", Z0, "0.1", "p"}, {"SET", S0, "v"}, {"SET", S1, "v"},
        {"BLPOP", L0, "0"}, {"BRPOP", L0, "0"}, {"BLPOP", N0, L1, "0"}, {"BLPOP", N1, L0, L1, "0"},
        {"BRPOP", N0, N1, L1, L0, "1"}, {"BLPOP", S0, L0, "0"}, {"BLPOP", S1, L0, "0"}, {"BLPOP", L0, S1, "0"},
        {"BLPOP", N0, S1, L0, "0"}, {"LRANGE", L0, "0", "-1"}, {"EXISTS", L1},
        {"BZPOPMIN", Z1, "0"}, {"BZPOPMAX", N0, Z1, "0"}, {"BZPOPMIN", N1, Z0, Z1, "0"}, {"BZPOPMAX", Z1, "0.5"},
        {"BZPOPMIN", S0, Z1, "0"}, {"BZPOPMIN", L0, "0"}, {"ZADD", Z1, "5", "q"}, {"BLPOP", Z1, "0"},
        {"BZPOPMIN", Z1, "0"}, {"EXISTS", Z0, Z1},
        {"RPUSH", L1, "q", "r"}, {"BLMOVE", L0, L1, "LEFT", "RIGHT", "0"}, {"LRANGE", L1, "0", "-1"},
        {"BLMOVE", L1, L0, "RIGHT", "LEFT", "0"}, {"LRANGE", L0, "0", "-1"}, {"BLMOVE", L0, S1, "LEFT", "LEFT", "0"},
        {"BLMOVE", L0, S0, "LEFT", "LEFT", "0"}, {"BLMOVE", S0, L0, "LEFT", "LEFT", "0"},
        {"BLMOVE", L0, L0, "RIGHT", "LEFT", "0"}, {"LRANGE", L0, "0", "-1"}, {"BRPOPLPUSH", L1, L0, "0"},
        {"BRPOPLPUSH", L1, L1, "0"}, {"LRANGE", L1, "0", "-1"}, {"LRANGE", L0, "0", "-1"},
    };

    private static final String[][] ERRORS = {
        {"RPUSH", L0, "a"}, {"BLPOP", L0, "abc"}, {"BLPOP", L0, "-1"}, {"BLPOP", L0, "inf"}, {"BLPOP", N0, "-0.0015"},
        {"BLPOP", N0, "1e16"}, {"BLPOP", L0, " 1"}, {"BLPOP", L0, ""}, {"BLPOP", L0}, {"BRPOP"}, {"BZPOPMIN", Z0},
        {"BZPOPMAX", Z0, "nan"}, {"BLMOVE", L0, L1, "LEFT", "UP", "0"}, {"BLMOVE", L0, L1, "UP", "LEFT", "x"},
        {"BLMOVE", L0, L1, "LEFT", "LEFT", "x"}, {"BLMOVE", L0, L1, "LEFT", "LEFT"}, {"BRPOPLPUSH", L0, L1, "-1"},
        {"BRPOPLPUSH", L0, L1}, {"SET", S0, "v"}, {"BLPOP", S0, "x"}, {"BLPOP", S0, "-1"},
        {"CLIENT", "UNBLOCK", "987654"}, {"CLIENT", "UNBLOCK", "abc"}, {"CLIENT", "UNBLOCK", "987654", "FOO"},
        {"CLIENT", "UNBLOCK", "987654", "ERROR"}, {"CLIENT", "UNBLOCK"}, {"LLEN", L0},
    };

    private static final String[][] TIMEOUTS = {
        {"SET", S1, "v"}, {"BLPOP", N0, "0.01"}, {"BRPOP", N0, N1, "0.02"}, {"BZPOPMAX", N1, "0.01"},
        {"BZPOPMIN", N0, N1, "0.01"}, {"BLMOVE", N0, L1, "LEFT", "LEFT", "0.01"}, {"BRPOPLPUSH", N1, L0, "0.01"},
        {"BLMOVE", N0, S1, "LEFT", "LEFT", "0.01"}, {"BLPOP", N1, "1e-400"}, {"BLPOP", N1, "0x1p-7"},
        {"BLPOP", N1, "0.0001"}, {"EXISTS", N0, N1, L0, L1}, {"PING"},
    };

    @Test
    void immediateServesReplyAsRedis() throws Exception {
        compare(IMMEDIATE, 2);
    }

    @Test
    void immediateServesReplyAsRedisInResp3() throws Exception {
        compare(IMMEDIATE, 3);
    }

    @Test
    void argumentErrorsReplyAsRedis() throws Exception {
        compare(ERRORS, 2);
    }

    @Test
    void timeoutsReplyAsRedis() throws Exception {
        compare(TIMEOUTS, 2);
    }

    @Test
    void timeoutsReplyAsRedisInResp3() throws Exception {
        compare(TIMEOUTS, 3);
    }

    private static void compare(String[][] script, int protocol) throws Exception {
        try (RawResp r = new RawResp(redis.port); RawResp p = new RawResp(panamax.port)) {
            r.call("FLUSHALL");
            p.call("FLUSHALL");
            if (protocol == 3) {
                r.call("HELLO", "3");
                p.call("HELLO", "3");
            }
            for (String[] cmd : script) {
                assertThat(p.call(cmd)).as("reply to %s", String.join(" ", cmd)).isEqualTo(r.call(cmd));
            }
        }
    }
}
