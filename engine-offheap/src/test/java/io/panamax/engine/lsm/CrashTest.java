package io.panamax.engine.lsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crash safety: a child JVM writes with {@code fsync=always} and is killed with SIGKILL at random moments (during
 * open, writes, flushes and compactions). After each kill the store must open, hold every acknowledged batch, and hold
 * each unacknowledged batch entirely or not at all. Rounds: {@code -Dtests.crash.rounds=N} (default 6).
 */
class CrashTest {
    static final String[] PARTS = {"a", "b", "c"};

    @TempDir
    Path dir;

    static LsmConfig config() {
        // Small memtables and files: flushes and compactions happen within the first second of every child.
        return LsmConfig.defaults().withFsyncPolicy(FsyncPolicy.ALWAYS).withSizes(128 * 1024, 512 * 1024, 128 * 1024);
    }

    static byte[] key(int generation, int thread, int index, String part) {
        return String.format("g%02d-t%d-%08d-%s", generation, thread, index, part).getBytes(UTF_8);
    }

    static byte[] value(int generation, int thread, int index) {
        return ("v" + generation + "." + thread + "." + index + "-" + "p".repeat(index % 200)).getBytes(UTF_8);
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillAndNoBatchIsHalfVisible() throws Exception {
        long seed = TestSeeds.seed("everyAcknowledgedWriteSurvivesSigkillAndNoBatchIsHalfVisible");
        int rounds = Integer.getInteger("tests.crash.rounds", 6);
        Random rnd = new Random(seed);
        String javaBin = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Map<Integer, int[]> acked = new HashMap<>(); // generation -> highest acknowledged index per thread
        long totalAcks = 0;
        for (int gen = 0; gen < rounds; gen++) {
            Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    "--enable-native-access=ALL-UNNAMED", CrashChild.class.getName(), dir.toString(),
                    Integer.toString(gen))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int[] highest = new int[CrashChild.THREADS];
            Arrays.fill(highest, -1);
            acked.put(gen, highest);
            int g = gen;
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        String[] f = line.split(" ");
                        if (f.length == 5 && f[0].equals("ACK") && f[4].equals("END") && Integer.parseInt(f[1]) == g) {
                            int t = Integer.parseInt(f[2]);
                            synchronized (highest) {
                                highest[t] = Math.max(highest[t], Integer.parseInt(f[3]));
                            }
                        }
                    }
                } catch (Exception ignored) {
                    // The pipe breaks when the child is killed.
                }
            });
            // Sometimes kill during start-up and recovery, mostly while writing.
            long delayMs = rnd.nextInt(5) == 0 ? 100 + rnd.nextInt(400) : 700 + rnd.nextInt(1500);
            Thread.sleep(delayMs);
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join();

            try (LsmStore store = LsmStore.open(dir, config())) { // must never refuse to open
                for (Map.Entry<Integer, int[]> e : acked.entrySet()) {
                    int[] high = e.getValue();
                    for (int t = 0; t < CrashChild.THREADS; t++) {
                        for (int i = 0; i <= high[t] + 64; i++) {
                            int present = 0;
                            for (String part : PARTS) {
                                byte[] v = store.get(key(e.getKey(), t, i, part));
                                if (v != null) {
                                    assertThat(v).isEqualTo(value(e.getKey(), t, i));
                                    present++;
                                }
                            }
                            if (i <= high[t]) {
                                assertThat(present).as("acknowledged batch gen=%d thread=%d index=%d seed=%d",
                                        e.getKey(), t, i, seed).isEqualTo(PARTS.length);
                            } else {
                                assertThat(present).as("unacknowledged batch gen=%d thread=%d index=%d seed=%d",
                                        e.getKey(), t, i, seed).isIn(0, PARTS.length);
                            }
                        }
                    }
                }
            }
            for (int h : highest) {
                totalAcks += h + 1;
            }
            System.out.println("crash round " + gen + ": killed after " + delayMs + " ms, acks so far " + totalAcks);
        }
        assertThat(totalAcks).isGreaterThan(0);
    }
}
