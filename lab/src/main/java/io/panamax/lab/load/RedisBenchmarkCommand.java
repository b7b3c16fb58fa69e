package io.panamax.lab.load;

import io.panamax.lab.matrix.RowSpec;
import java.util.ArrayList;
import java.util.List;

/** Renders the redis-benchmark command line of a row. */
public final class RedisBenchmarkCommand {

    private RedisBenchmarkCommand() {}

    /**
     * Arguments for one run of {@code row} against {@code host:port}, in the seed's order; {@code --csv} is left
     * out so the full percentile distribution is printed (the summary carries the same numbers as the CSV).
     */
    public static List<String> render(String binary, RowSpec row, String host, int port) {
        List<String> a = new ArrayList<>(List.of(binary, "-h", host, "-p", String.valueOf(port)));
        if (row.pipeline() != 1) {
            a.addAll(List.of("-P", String.valueOf(row.pipeline())));
        }
        a.addAll(List.of("-d", String.valueOf(row.dataSize())));
        a.addAll(List.of("--threads", String.valueOf(row.threads())));
        a.addAll(List.of("-t", String.join(",", row.tests())));
        a.addAll(List.of("-n", String.valueOf(row.requests())));
        a.addAll(List.of("-c", String.valueOf(row.clients())));
        if (row.keyspace() > 0) {
            a.addAll(List.of("-r", String.valueOf(row.keyspace())));
        }
        return a;
    }

    /** Joins arguments into a shell-pasteable line (arguments with spaces or quotes are single-quoted). */
    public static String shellLine(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String s : args) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            if (s.isEmpty() || s.matches(".*[\\s'\"$`\\\\*?].*")) {
                sb.append('\'').append(s.replace("'", "'\\''")).append('\'');
            } else {
                sb.append(s);
            }
        }
        return sb.toString();
    }
}
