package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ZQUERY key score member offset limit (the seed's Build Your Own Redis query; Redis has no such command, so the
 * expected replies are written out here and, for the large set, derived from ZRANGE WITHSCORES of the same server).
 */
class ZQueryIT {
    private static ServerProcess panamax;

    @BeforeAll
    static void start() throws Exception {
        panamax = ServerProcess.panamax("--shards", "2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (panamax != null) {
            panamax.close();
        }
    }

    private static String flat(String... memberScore) {
        StringBuilder sb = new StringBuilder("*" + memberScore.length + "\r\n");
        for (String s : memberScore) {
            sb.append('$').append(s.length()).append("\r\n").append(s).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void seeksMovesAndLimitsInScoreMemberOrder() throws Exception {
        try (RawResp r = new RawResp(panamax.port)) {
            r.call("FLUSHALL");
            r.call("ZADD", "q", "1", "a", "1", "b", "2", "c", "3", "d", "3", "e");
            assertThat(r.call("ZQUERY", "q", "1", "", "0", "10")).isEqualTo(flat("a", "1", "b", "1", "c", "2", "d", "3", "e", "3"));
            assertThat(r.call("ZQUERY", "q", "1", "b", "0", "2")).isEqualTo(flat("b", "1", "c", "2"));
            assertThat(r.call("ZQUERY", "q", "1", "bb", "0", "1")).isEqualTo(flat("c", "2"));
            assertThat(r.call("ZQUERY", "q", "2", "c", "-2", "3")).isEqualTo(flat("a", "1", "b", "1", "c", "2"));
            assertThat(r.call("ZQUERY", "q", "2", "c", "-3", "3")).as("offset before the first").isEqualTo("*0\r\n");
            assertThat(r.call("ZQUERY", "q", "1", "a", "4", "10")).isEqualTo(flat("e", "3"));
            assertThat(r.call("ZQUERY", "q", "1", "a", "5", "10")).as("offset past the last").isEqualTo("*0\r\n");
            assertThat(r.call("ZQUERY", "q", "4", "", "-1", "3")).as("seek finds nothing").isEqualTo("*0\r\n");
            assertThat(r.call("ZQUERY", "q", "-inf", "", "0", "1")).isEqualTo(flat("a", "1"));
            assertThat(r.call("ZQUERY", "q", "1", "a", "0", "0")).isEqualTo("*0\r\n");
            assertThat(r.call("ZQUERY", "q", "1", "a", "0", "-1")).isEqualTo("*0\r\n");
            assertThat(r.call("ZQUERY", "q", "1", "a", "-9223372036854775808", "1")).isEqualTo("*0\r\n");
            assertThat(r.call("ZQUERY", "q", "1", "a", "9223372036854775807", "1")).isEqualTo("*0\r\n");
            assertThat(r.call("ZQUERY", "nokey", "1", "a", "0", "10")).isEqualTo("*0\r\n");
            assertThat(r.call("ZQUERY", "q", "x", "a", "0", "10")).isEqualTo("-ERR value is not a valid float\r\n");
            assertThat(r.call("ZQUERY", "q", "nan", "a", "0", "10")).isEqualTo("-ERR value is not a valid float\r\n");
            assertThat(r.call("ZQUERY", "q", "1", "a", "x", "10")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(r.call("ZQUERY", "q", "1", "a", "0", "1.5")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(r.call("ZQUERY", "q", "1", "a", "0")).isEqualTo("-ERR wrong number of arguments for 'zquery' command\r\n");
            r.call("SET", "str", "v");
            assertThat(r.call("ZQUERY", "str", "1", "a", "0", "1"))
                    .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
            r.call("HELLO", "3");
            assertThat(r.call("ZQUERY", "q", "2.5", "", "0", "1")).isEqualTo("*2\r\n$1\r\nd\r\n,3\r\n");
        }
    }

    @Test
    void largeSetAgreesWithZrange() throws Exception {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("largeSetAgreesWithZrange: tests.seed=" + seed + " (replay with -Dtests.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        try (RawResp r = new RawResp(panamax.port)) {
            r.call("FLUSHALL");
            for (int i = 0; i < 2000; i++) {
                r.call("ZADD", "big", Integer.toString(rnd.nextInt(300)), "m" + rnd.nextInt(5000));
            }
            String[] all = r.call("ZRANGE", "big", "0", "-1", "WITHSCORES").split("\r\n");
            List<String[]> order = new ArrayList<>();
            for (int i = 1; i + 3 < all.length; i += 4) {
                order.add(new String[] {all[i + 1], all[i + 3]});
            }
            for (int q = 0; q < 300; q++) {
                int score = rnd.nextInt(310) - 5;
                String member = "m" + rnd.nextInt(5000);
                int offset = rnd.nextInt(41) - 20;
                int limit = rnd.nextInt(12);
                int seek = 0;
                while (seek < order.size() && compare(order.get(seek), score, member) < 0) {
                    seek++;
                }
                List<String> expected = new ArrayList<>();
                int start = seek + offset;
                if (seek < order.size() && start >= 0 && start < order.size()) {
                    for (int k = start; k < Math.min(order.size(), start + limit); k++) {
                        expected.add(order.get(k)[0]);
                        expected.add(order.get(k)[1]);
                    }
                }
                assertThat(r.call("ZQUERY", "big", Integer.toString(score), member, Integer.toString(offset), Integer.toString(limit)))
                        .as("seed=%d ZQUERY big %d %s %d %d", seed, score, member, offset, limit)
                        .isEqualTo(flat(expected.toArray(new String[0])));
            }
        }
    }

    private static int compare(String[] element, int score, String member) {
        int c = Double.compare(Double.parseDouble(element[1]), score);
        return c != 0 ? c : element[0].compareTo(member);
    }
}
