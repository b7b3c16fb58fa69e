package io.panamax.lab;

import io.panamax.lab.hardware.HostProbe;
import io.panamax.lab.hardware.MachineProfile;
import io.panamax.lab.hardware.ProfileStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab hardware}: probes this machine and writes {@code hardware/<hostname>.json}. */
@Command(name = "hardware", mixinStandardHelpOptions = true,
        description = "Probe this machine (CPU, cores/threads, memory, kernel, JDK, disk) and write hardware/<hostname>.json.")
public final class HardwareCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "Profiles directory (default: <repo>/hardware).")
    Path dir;


    @Override
    public Integer call() throws Exception {
        MachineProfile host = HostProbe.probe();
        Path file = new ProfileStore(dir != null ? dir : LabPaths.root().resolve("hardware")).write(host);
        System.out.println(host.oneLine());
        System.out.println("wrote " + file);
        return 0;
    }
}
