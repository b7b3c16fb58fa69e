package io.panamax.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Regenerates {@code results/README.md}: one line per report directory, newest first. */
public final class ResultsIndex {

    private ResultsIndex() {}

    /** Rewrites {@code <results>/README.md} from the {@code report.md} files below it and returns its path. */
    public static Path write(Path results) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(results)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("report.md")))
                    .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()))
                    .toList();
        }
        StringBuilder sb = new StringBuilder("# Lab results\n\n");
        sb.append("Reports written by `bin/panamax lab run` (see `lab/README.md`). Each directory holds `report.md`,\n")
                .append("`run.json` (every parameter), `measurements.csv` (every round), raw tool output, `.hgrm`/`.hlog`\n")
                .append("histograms and SVG latency plots. Newest first.\n\n")
                .append("| report | matrix | hardware | summary |\n|---|---|---|---|\n");
        for (Path d : dirs) {
            List<String> lines = Files.readAllLines(d.resolve("report.md"));
            String hardware = lines.stream().filter(l -> l.startsWith("**Hardware:**")).findFirst()
                    .map(l -> l.substring("**Hardware:**".length()).strip()).orElse("");
            String summary = lines.stream().filter(l -> l.startsWith("**Summary:**")).findFirst()
                    .map(l -> l.substring("**Summary:**".length()).strip()).orElse("");
            String name = d.getFileName().toString();
            String[] parts = name.split("_");
            String matrix = parts.length >= 3 ? parts[1] : "";
            sb.append("| [").append(name).append("](").append(name).append("/report.md) | ").append(matrix)
                    .append(" | ").append(hardware.replace("|", "/")).append(" | ").append(summary.replace("|", "/"))
                    .append(" |\n");
        }
        Path readme = results.resolve("README.md");
        Files.writeString(readme, sb.toString());
        return readme;
    }
}
