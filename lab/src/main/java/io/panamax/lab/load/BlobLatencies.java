package io.panamax.lab.load;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one blob load-generator run, one HdrHistogram {@link Recorder} per {@link BlobOp} (microseconds, 3
 * significant digits, up to an hour; a value is clamped to at least 1 us). Workers {@link #record} concurrently
 * (wait-free); the run's own thread {@link #drain}s about once a second into the run totals and, when a log was
 * given, writes each op's interval histogram to it (HdrHistogram log format, tagged with the op's name).
 */
public final class BlobLatencies {

    private final Map<BlobOp, Recorder> recorders = new EnumMap<>(BlobOp.class);
    private final Map<BlobOp, Histogram> totals = new EnumMap<>(BlobOp.class);
    private final HistogramLogWriter writer;

    /**
     * @param log where interval histograms go, or null for none
     * @param comment first comment line of the log (what ran, the unit)
     */
    public BlobLatencies(PrintStream log, String comment) {
        for (BlobOp op : BlobOp.values()) {
            recorders.put(op, new Recorder(LoadGenerator.HIGHEST_US, 3));
            totals.put(op, new Histogram(LoadGenerator.HIGHEST_US, 3));
        }
        writer = log == null ? null : new HistogramLogWriter(log);
        if (writer != null) {
            long now = System.currentTimeMillis();
            writer.outputLogFormatVersion();
            writer.outputComment(comment + ", latency unit: microseconds");
            writer.outputStartTime(now);
            writer.setBaseTime(now);
            writer.outputLegend();
        }
    }

    /** Records one {@code op} that started at {@code startNs} and ended at {@code endNs} ({@link System#nanoTime}). */
    public void record(BlobOp op, long startNs, long endNs) {
        long us = Math.min(LoadGenerator.HIGHEST_US, Math.max(1, (endNs - startNs) / 1_000));
        recorders.get(op).recordValue(us);
    }

    /** Moves what was recorded since the last drain into the totals (and the log); call from one thread only. */
    public void drain() {
        for (BlobOp op : BlobOp.values()) {
            Histogram interval = recorders.get(op).getIntervalHistogram();
            if (interval.getTotalCount() == 0) {
                continue;
            }
            totals.get(op).add(interval);
            if (writer != null) {
                interval.setTag(op.name());
                writer.outputIntervalHistogram(interval);
            }
        }
    }

    /** Operations of {@code op} drained so far. */
    public long count(BlobOp op) {
        return totals.get(op).getTotalCount();
    }

    /**
     * The result of {@code op}: its drained histogram, and {@code count / elapsedNs} as the rate (operations per
     * second over the phase that ran them); errors are 0 because any failure ends the run with a {@link BlobFailure}.
     */
    public LoadResult result(BlobOp op, long elapsedNs) {
        Histogram h = totals.get(op).copy();
        return LoadResult.fromHistogram(op.name(), h, h.getTotalCount() / (Math.max(1, elapsedNs) / 1e9), 0);
    }
}
