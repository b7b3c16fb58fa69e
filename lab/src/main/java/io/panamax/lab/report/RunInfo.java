package io.panamax.lab.report;

import io.panamax.lab.hardware.MachineProfile;
import java.util.List;

/**
 * Everything about a run that is not a measurement: what was asked, where, with which servers.
 *
 * @param matrix matrix name
 * @param startedAt ISO-8601 start time
 * @param gitSha short git commit of the working tree ({@code -dirty} when modified)
 * @param commandLine the lab command line as typed
 * @param host the machine at hand
 * @param pinning how servers and load generator were pinned
 * @param fdLimit {@code ulimit -n} children got
 * @param rounds rounds per row
 * @param quick whether {@code --quick} scaled rows down
 * @param servers servers measured
 * @param notes run-level notes (missing peers, stand-ins, interruptions)
 */
public record RunInfo(
        String matrix,
        String startedAt,
        String gitSha,
        String commandLine,
        MachineProfile host,
        String pinning,
        long fdLimit,
        int rounds,
        boolean quick,
        List<ServerInfo> servers,
        List<String> notes) {

    /**
     * A server as launched.
     *
     * @param name short name
     * @param label what it is
     * @param command exact launch command (port of its first launch)
     * @param description what it reported about itself
     */
    public record ServerInfo(String name, String label, String command, String description) {}
}
