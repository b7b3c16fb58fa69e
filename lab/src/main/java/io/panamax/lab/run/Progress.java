package io.panamax.lab.run;

import java.io.PrintStream;
import java.time.Duration;

/** Prints one progress line per step: row, server, round, step count, elapsed time and ETA. */
public final class Progress {

    private final PrintStream out;
    private final int totalSteps;
    private final long startNs = System.nanoTime();
    private int done;

    public Progress(PrintStream out, int totalSteps) {
        this.out = out;
        this.totalSteps = totalSteps;
    }

    /** Announces the step about to run. */
    public void step(int row, int rows, String rowId, String server, int round, int rounds) {
        long elapsedNs = System.nanoTime() - startNs;
        String eta = done == 0 ? "?" : format(Duration.ofNanos(elapsedNs / done * (totalSteps - done)));
        out.printf("[lab] row %d/%d %s | %s | round %d/%d | step %d/%d | elapsed %s | ETA %s%n", row, rows, rowId,
                server, round, rounds, done + 1, totalSteps, format(Duration.ofNanos(elapsedNs)), eta);
        out.flush();
    }

    /** Marks the current step finished. */
    public void done() {
        done++;
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format("%dm%02ds", s / 60, s % 60);
    }
}
