package io.panamax.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code panamax blob}: the blob store's processes and tools (minikeyvalue's master, volume, rebuild, rebalance). */
@Command(
        name = "blob",
        mixinStandardHelpOptions = true,
        description = "Blob store (minikeyvalue-compatible): master, volume server, index rebuild and rebalance.",
        subcommands = {BlobMasterCommand.class, BlobVolumeCommand.class, BlobRebuildCommand.class,
                BlobRebalanceCommand.class})
final class BlobCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
