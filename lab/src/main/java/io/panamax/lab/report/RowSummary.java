package io.panamax.lab.report;

import io.panamax.lab.load.LoadResult;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Medians over the rounds of one (row, server, test), the histogram of all rounds merged, and the CPU figures.
 *
 * @param server server name
 * @param test test name
 * @param rounds rounds measured
 * @param rps median requests per second
 * @param roundRps requests per second of every round, in round order
 * @param p50Ms median of the rounds' p50
 * @param p99Ms median of the rounds' p99
 * @param p999Ms median of the rounds' p99.9
 * @param maxMs median of the rounds' max
 * @param serverCpuUsPerRequest median server CPU time per request, microseconds
 * @param serverUtil median server CPU utilisation
 * @param loadUtil median load-generator CPU utilisation
 * @param otherUtil median share of the whole machine's CPU used by other processes during the runs
 * @param loadBoundRounds rounds in which the load generator was the bottleneck
 * @param errors error replies over all rounds
 * @param merged all rounds' histograms merged (microseconds), or null
 */
public record RowSummary(
        String server,
        String test,
        int rounds,
        double rps,
        List<Double> roundRps,
        double p50Ms,
        double p99Ms,
        double p999Ms,
        double maxMs,
        double serverCpuUsPerRequest,
        double serverUtil,
        double loadUtil,
        double otherUtil,
        int loadBoundRounds,
        long errors,
        Histogram merged) {

    /** Summarises the measurements of one server on one row for {@code test}. */
    public static RowSummary of(String server, String test, List<Measurement> runs, int machineCpus) {
        List<Measurement> with = runs.stream().filter(m -> m.result(test) != null).toList();
        double[] rps = with.stream().mapToDouble(m -> m.result(test).rps()).toArray();
        Histogram merged = null;
        for (Measurement m : with) {
            Histogram h = m.result(test).histogram();
            if (h != null) {
                if (merged == null) {
                    merged = new Histogram(h.getHighestTrackableValue(), h.getNumberOfSignificantValueDigits());
                }
                merged.add(h);
            }
        }
        return new RowSummary(server, test, with.size(), Stats.median(rps),
                with.stream().map(m -> m.result(test).rps()).toList(),
                Stats.median(with.stream().mapToDouble(m -> m.result(test).p50Ms()).toArray()),
                Stats.median(with.stream().mapToDouble(m -> m.result(test).p99Ms()).toArray()),
                Stats.median(with.stream().mapToDouble(m -> m.result(test).p999Ms()).toArray()),
                Stats.median(with.stream().mapToDouble(m -> m.result(test).maxMs()).toArray()),
                Stats.median(with.stream().mapToDouble(m -> m.serverCpuMs() < 0 || m.totalRequests() == 0
                        ? Double.NaN : m.serverCpuMs() * 1000.0 / m.totalRequests()).toArray()),
                Stats.median(with.stream().mapToDouble(Measurement::serverUtil).toArray()),
                Stats.median(with.stream().mapToDouble(Measurement::loadUtil).toArray()),
                Stats.median(with.stream().mapToDouble(m -> m.otherUtil(machineCpus)).toArray()),
                (int) with.stream().filter(Measurement::loadGeneratorBound).count(),
                with.stream().mapToLong(m -> m.result(test).errors()).sum(),
                merged);
    }
}
