package io.panamax.lab.report;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Latency-by-percentile plot as SVG: x is the percentile on a "nines" scale (0%, 90%, 99%, 99.9%, 99.99%,
 * 99.999%), y is latency in milliseconds, one line per series.
 */
public final class SvgPlot {

    /** One line: a label and a microsecond histogram. */
    public record Series(String label, Histogram histogram) {}

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int W = 720;
    private static final int H = 400;
    private static final int LEFT = 70;
    private static final int BOTTOM = 50;
    private static final int TOP = 40;
    private static final int RIGHT = 170;
    private static final double NINES = 5;

    private SvgPlot() {}

    /** Renders the series (null histograms are skipped) with {@code title}. */
    public static String render(String title, List<Series> series) {
        List<Series> live = series.stream().filter(s -> s.histogram() != null && s.histogram().getTotalCount() > 0).toList();
        double maxMs = live.stream().mapToDouble(s -> s.histogram().getMaxValue() / 1000.0).max().orElse(1);
        maxMs = niceCeiling(maxMs);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                W, H));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        for (int n = 0; n <= NINES; n++) {
            double x = LEFT + plotW * n / NINES;
            String label = n == 0 ? "0%" : percentLabel(n);
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x, TOP, x, TOP + plotH, x, TOP + plotH + 18, label));
        }
        for (int k = 0; k <= 4; k++) {
            double y = TOP + plotH - plotH * k / 4.0;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT, y, LEFT + plotW, y, LEFT - 6, y + 4, trim(maxMs * k / 4)));
        }
        sb.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text><text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">latency (ms)</text>%n",
                LEFT + plotW / 2, H - 8, TOP + plotH / 2, TOP + plotH / 2));
        for (int i = 0; i < live.size(); i++) {
            Series s = live.get(i);
            String color = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (int k = 0; k <= 250; k++) {
                double nines = NINES * k / 250;
                double pct = 100 * (1 - Math.pow(10, -nines));
                double ms = s.histogram().getValueAtPercentile(pct) / 1000.0;
                double x = LEFT + plotW * nines / NINES;
                double y = TOP + plotH - plotH * Math.min(1, ms / maxMs);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            sb.append(String.format(Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", color, pts.toString().strip()));
            int ly = TOP + 14 + i * 18;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    W - RIGHT + 10, ly - 4, W - RIGHT + 30, ly - 4, color, W - RIGHT + 36, ly, escape(s.label())));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String percentLabel(int nines) {
        return switch (nines) {
            case 1 -> "90%";
            case 2 -> "99%";
            case 3 -> "99.9%";
            case 4 -> "99.99%";
            default -> "99.999%";
        };
    }

    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * mag >= v) {
                return step * mag;
            }
        }
        return 10 * mag;
    }

    private static String trim(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
