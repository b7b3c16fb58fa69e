package io.panamax.engine.lsm;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.BufferedOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of {@link CrashTest}: opens the store with {@code fsync=always} and writes three-key batches from
 * several threads forever, printing {@code ACK <generation> <thread> <index> END} after each write returns.
 * Usage: {@code CrashChild <dir> <generation>}.
 */
public final class CrashChild {
    static final int THREADS = 4;

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int generation = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, UTF_8);
        LsmStore store = LsmStore.open(dir, CrashTest.config());
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    WriteBatch batch = new WriteBatch();
                    byte[] value = CrashTest.value(generation, thread, i);
                    for (String part : CrashTest.PARTS) {
                        batch.put(CrashTest.key(generation, thread, i, part), value);
                    }
                    store.write(batch);
                    synchronized (out) {
                        out.println("ACK " + generation + " " + thread + " " + i + " END");
                        out.flush();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
