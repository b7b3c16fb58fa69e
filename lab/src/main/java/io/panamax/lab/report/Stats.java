package io.panamax.lab.report;

import java.util.Arrays;

/** Median and ratio math for reports; NaN inputs are ignored, empty input gives NaN. */
public final class Stats {

    private Stats() {}

    /** Median of the non-NaN values (mean of the two middle ones for an even count), NaN when there are none. */
    public static double median(double... values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** {@code a / b}, NaN when either is NaN or b is 0. */
    public static double ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return Double.NaN;
        }
        return a / b;
    }

    /** Formats a ratio as {@code 1.23x}, or {@code n/a}. */
    public static String formatRatio(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2fx", r);
    }

    /** Formats milliseconds with 3 decimals, or {@code n/a}. */
    public static String formatMs(double ms) {
        return Double.isNaN(ms) ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", ms);
    }

    /** Formats a rate with thousands separators, or {@code n/a}. */
    public static String formatRps(double rps) {
        return Double.isNaN(rps) ? "n/a" : String.format(java.util.Locale.ROOT, "%,.0f", rps);
    }
}
