package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lazy free: deleting a 2M-member hash, sorted set or list unlinks the key at once, other commands are answered while
 * the members are still being freed (observed through INFO lazyfree_pending_objects and a used_memory that keeps
 * falling between replies), and used_memory returns to its baseline when the free completes. Ordering and progress
 * are asserted, never wall time.
 */
class LazyFreeIT {
    private static final int MEMBERS = 2_000_000;
    private static final int PER_COMMAND = 1000;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final long SLACK_BYTES = 64 * 1024;

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

    @Test
    void deletingAHugeHashIsLazy() throws Exception {
        deleteIsLazy("HSET", "DEL");
    }

    @Test
    void unlinkingAHugeSortedSetIsLazy() throws Exception {
        deleteIsLazy("ZADD", "UNLINK");
    }

    @Test
    void overwritingAHugeListIsLazy() throws Exception {
        deleteIsLazy("RPUSH", "SET");
    }

    private static void deleteIsLazy(String load, String drop) throws Exception {
        try (RawResp a = new RawResp(panamax.port); RawResp b = new RawResp(panamax.port)) {
            a.call("FLUSHALL");
            long baseline = CollectionMemoryIT.settledMemory(a);
            fill(a, load, "big");
            long full = CollectionMemoryIT.usedMemory(a);
            // List interior nodes are zstd-compressed: random 16-character members keep ~13 of their 17 bytes.
            long perMember = load.equals("RPUSH") ? 8 : 16;
            assertThat(full - baseline).as("%s of %d members", load, MEMBERS).isGreaterThan(MEMBERS * perMember);

            // One pipeline: the drop, then commands on other keys, then INFO. All are answered before the members
            // are gone: the key is invisible at once, the free is still pending and its memory still counted.
            ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
            pipeline.writeBytes(drop.equals("SET") ? RawResp.command("SET", "big", "now a string")
                    : RawResp.command(drop, "big"));
            pipeline.writeBytes(RawResp.command("EXISTS", "big"));
            pipeline.writeBytes(RawResp.command("SET", "other", "v"));
            pipeline.writeBytes(RawResp.command("GET", "other"));
            pipeline.writeBytes(RawResp.command("INFO", "memory"));
            a.send(pipeline.toByteArray());
            assertThat(a.readReply()).isEqualTo(drop.equals("SET") ? "+OK\r\n" : ":1\r\n");
            assertThat(a.readReply()).isEqualTo(drop.equals("SET") ? ":1\r\n" : ":0\r\n");
            assertThat(a.readReply()).isEqualTo("+OK\r\n");
            assertThat(a.readReply()).isEqualTo("$1\r\nv\r\n");
            String info = a.readReply();
            assertThat(field(info, "lazyfree_pending_objects")).as("free pending after the pipeline").isEqualTo(1);
            assertThat(field(info, "used_memory")).as("pending members still counted").isGreaterThan(baseline + (full - baseline) / 2);

            // Another connection keeps getting answers while the free progresses in steps.
            List<Long> pendingUsed = new ArrayList<>();
            for (int i = 0; i < 1_000_000; i++) {
                assertThat(b.call("SET", "k" + (i % 10), Integer.toString(i))).isEqualTo("+OK\r\n");
                String memory = b.call("INFO", "memory");
                if (field(memory, "lazyfree_pending_objects") == 0) {
                    break;
                }
                pendingUsed.add(field(memory, "used_memory"));
            }
            if (!load.equals("RPUSH")) {
                // A 2M-element list is only a few thousand 8 KiB nodes: its free may complete within a round trip.
                assertThat(pendingUsed.size()).as("replies served while freeing").isGreaterThanOrEqualTo(2);
                assertThat(pendingUsed.getLast()).as("progress between replies").isLessThan(pendingUsed.getFirst());
            }
            a.call("DEL", "other", "big", "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
            assertThat(CollectionMemoryIT.settledMemory(a)).as("back to baseline").isLessThanOrEqualTo(baseline + SLACK_BYTES);
            assertThat(field(a.call("INFO", "stats"), "lazyfreed_objects")).isGreaterThanOrEqualTo(1);
        }
    }

    private static long field(String info, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":(\\d+)").matcher(info);
        assertThat(m.find()).as(name).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void fill(RawResp resp, String command, String key) throws IOException {
        int commands = MEMBERS / PER_COMMAND;
        SplittableRandom rnd = new SplittableRandom(42);
        char[] member = new char[16];
        for (int batch = 0; batch < commands; batch += 100) {
            ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
            for (int c = batch; c < Math.min(commands, batch + 100); c++) {
                List<String> args = new ArrayList<>();
                args.add(command);
                args.add(key);
                for (int i = c * PER_COMMAND; i < (c + 1) * PER_COMMAND; i++) {
                    for (int k = 0; k < member.length; k++) { // 16 random bytes of 64 values: little to compress
                        member[k] = ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
                    }
                    if (command.equals("ZADD")) {
                        args.add(Integer.toString(i % 1000));
                    }
                    args.add(new String(member));
                    if (command.equals("HSET")) {
                        args.add("v");
                    }
                }
                pipeline.writeBytes(RawResp.command(args.toArray(new String[0])));
            }
            resp.send(pipeline.toByteArray());
            for (int c = batch; c < Math.min(commands, batch + 100); c++) {
                String reply = resp.readReply();
                assertThat(reply).startsWith(":");
            }
        }
    }
}
