package io.panamax.lab.hardware;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One machine, as stored in {@code hardware/<id>.json}: a seed's machine (with the rows its seed ran and
 * the numbers it published) or the host at hand ({@code kind = "host"}, written by {@code lab hardware}).
 *
 * @param id file name without {@code .json}
 * @param kind {@code seed} or {@code host}
 * @param source where the facts come from (seed README section, or "probed")
 * @param cpuModel CPU model name
 * @param cores physical cores (0 when not published)
 * @param threads hardware threads (0 when not published)
 * @param memory memory as written by the source
 * @param memoryBytes memory in bytes, 0 when not published
 * @param kernel kernel version string
 * @param os operating system
 * @param jdk JDK of the host (null for seeds)
 * @param disk disk description
 * @param network where the load generator ran relative to the server
 * @param rows benchmark rows this machine ran (empty for the host)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MachineProfile(
        String id,
        String kind,
        String source,
        String cpuModel,
        int cores,
        int threads,
        String memory,
        long memoryBytes,
        String kernel,
        String os,
        String jdk,
        String disk,
        String network,
        List<SeedRow> rows) {

    public MachineProfile {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /** One line for the top of a report: {@code cpu, cores/threads, memory, kernel, jdk}. */
    public String oneLine() {
        StringBuilder sb = new StringBuilder(cpuModel);
        if (threads > 0) {
            sb.append(", ").append(cores).append(" cores / ").append(threads).append(" threads");
        }
        sb.append(", ").append(memory).append(", ").append(kernel);
        if (jdk != null) {
            sb.append(", ").append(jdk);
        }
        return sb.toString();
    }
}
