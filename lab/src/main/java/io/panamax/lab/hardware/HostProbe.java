package io.panamax.lab.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Probes the machine at hand from {@code /proc}, {@code /sys} and the running JVM (Linux). */
public final class HostProbe {

    private HostProbe() {}

    /** Profile of this host, id = hostname (or {@code local}), {@code kind = "host"}, no rows. */
    public static MachineProfile probe() {
        String cpuinfo = read("/proc/cpuinfo");
        String model = field(cpuinfo, "model name");
        int threads = Runtime.getRuntime().availableProcessors();
        int cores = physicalCores(cpuinfo, threads);
        long memBytes = memTotalBytes(read("/proc/meminfo"));
        String kernel = "Linux " + read("/proc/sys/kernel/osrelease").strip() + " " + System.getProperty("os.arch");
        String os = osPrettyName(read("/etc/os-release"));
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
        String host = read("/proc/sys/kernel/hostname").strip();
        String id = host.isEmpty() ? "local" : host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        String memory = String.format(Locale.ROOT, "%.1f GiB", memBytes / (1024.0 * 1024 * 1024));
        return new MachineProfile(id, "host", "probed by `bin/panamax lab hardware`", model == null ? "unknown" : model,
                cores, threads, memory, memBytes, kernel, os, jdk, disk(), "loopback: client and server on the same machine",
                List.of());
    }

    static int physicalCores(String cpuinfo, int fallback) {
        Set<String> ids = new HashSet<>();
        String phys = "0";
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("physical id")) {
                phys = value(line);
            } else if (line.startsWith("core id")) {
                ids.add(phys + ":" + value(line));
            }
        }
        return ids.isEmpty() ? fallback : ids.size();
    }

    static long memTotalBytes(String meminfo) {
        String kb = field(meminfo, "MemTotal");
        return kb == null ? 0 : Long.parseLong(kb.replace("kB", "").strip()) * 1024;
    }

    static String field(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key) && line.indexOf(':') > 0) {
                return value(line);
            }
        }
        return null;
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }

    private static String osPrettyName(String osRelease) {
        for (String line : osRelease.split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring(12).replace("\"", "");
            }
        }
        return "Linux";
    }

    private static String disk() {
        String lsblk = run("lsblk", "-d", "-n", "-o", "NAME,SIZE,ROTA,TYPE,MODEL");
        String df = run("df", "-h", "--output=source,fstype,size,avail,target", ".");
        StringBuilder sb = new StringBuilder();
        for (String l : lsblk.strip().split("\n")) {
            if (!l.isBlank() && !l.contains(" loop") && !l.contains("rom")) {
                String[] f = l.strip().split("\\s+", 5);
                sb.append(sb.isEmpty() ? "" : "; ").append(f[0]).append(' ').append(f.length > 1 ? f[1] : "");
                if (f.length > 2) {
                    sb.append("1".equals(f[2]) ? " rotational" : " non-rotational");
                }
                if (f.length > 4) {
                    sb.append(' ').append(f[4].strip());
                }
            }
        }
        String[] dfLines = df.strip().split("\n");
        if (dfLines.length > 1) {
            sb.append(sb.isEmpty() ? "" : "; ").append("working dir on ").append(dfLines[1].strip().replaceAll("\\s+", " "));
        }
        return sb.isEmpty() ? "unknown" : sb.toString();
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
