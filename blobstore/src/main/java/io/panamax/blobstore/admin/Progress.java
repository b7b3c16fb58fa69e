package io.panamax.blobstore.admin;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prints a tool's progress line once a second (and once more at the end) until closed. */
final class Progress implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final PrintStream out;
    private final Supplier<String> line;

    Progress(PrintStream out, Supplier<String> line) {
        this.out = out;
        this.line = line;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "panamax-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> out.println(line.get()), 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        out.println(line.get());
    }
}
