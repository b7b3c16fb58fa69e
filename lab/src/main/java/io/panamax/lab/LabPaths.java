package io.panamax.lab;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (the directory holding {@code bin/panamax}, {@code hardware/}, {@code results/}). */
public final class LabPaths {

    private LabPaths() {}

    /** The repository root: from the lab jar's location, else the first ancestor of the working dir with {@code bin/panamax}. */
    public static Path root() {
        try {
            Path jar = Path.of(LabPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = jar.getParent() == null ? null : jar.getParent().getParent();
            candidate = candidate == null ? null : candidate.getParent();
            if (candidate != null && Files.isRegularFile(candidate.resolve("bin/panamax"))) {
                return candidate;
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the working directory
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/panamax"))) {
                return p;
            }
        }
        return dir;
    }
}
