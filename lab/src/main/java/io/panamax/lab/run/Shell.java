package io.panamax.lab.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small process helpers: run-and-capture, the open-file limit, git identity. */
final class Shell {

    private Shell() {}

    /** Runs {@code cmd} in {@code dir}, returns stdout+stderr, or "" when it cannot run. */
    static String capture(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? out.strip() : "";
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Soft and hard "Max open files" of this process from /proc/self/limits; {1024, 1024} if unreadable. */
    static long[] fdLimits() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (l.startsWith("Max open files")) {
                    String[] f = l.substring("Max open files".length()).trim().split("\\s+");
                    return new long[] {parse(f[0]), parse(f[1])};
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall through
        }
        return new long[] {1024, 1024};
    }

    private static long parse(String s) {
        return s.equals("unlimited") ? 1_048_576 : Long.parseLong(s);
    }

    /** Short commit of {@code root}, with {@code -dirty} when tracked files are modified; {@code nogit} outside git. */
    static String gitSha(Path root) {
        String sha = capture(root, "git", "rev-parse", "--short", "HEAD");
        if (sha.isEmpty()) {
            return "nogit";
        }
        String dirty = capture(root, "git", "status", "--porcelain", "--untracked-files=no");
        return dirty.isEmpty() ? sha : sha + "-dirty";
    }

    /** Prefix that raises the soft fd limit to {@code hard} before exec, when the soft one is lower. */
    static List<String> ulimitPrefix(long soft, long hard) {
        if (soft >= hard) {
            return List.of();
        }
        return List.of("sh", "-c", "ulimit -n " + hard + " && exec \"$@\"", "sh");
    }
}
