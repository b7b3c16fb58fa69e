package io.panamax.server;

import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.admin.RebalanceRun;
import io.panamax.blobstore.admin.Rebalancer;
import io.panamax.blobstore.admin.VolumeHttp;
import io.panamax.engine.lsm.FsyncPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code panamax blob rebalance}: moves every live key onto its placement for the current volume list (master stopped). */
@Command(name = "rebalance", mixinStandardHelpOptions = true,
        description = "Move every key to its placement over --volumes, e.g. after adding a volume (run with the master stopped).")
final class BlobRebalanceCommand implements Callable<Integer> {
    @Mixin
    BlobOptions blob;

    @Option(names = "--workers", description = "Keys moved in parallel (default: ${DEFAULT-VALUE}).", defaultValue = "16")
    int workers;

    @Override
    public Integer call() throws Exception {
        BlobOptions.Offline start = blob.openOffline(workers, FsyncPolicy.ALWAYS);
        if (start.index() == null) {
            return start.exitCode();
        }
        BlobIndex index = start.index();
        RebalanceRun.Summary s;
        try (index) {
            s = RebalanceRun.run(index, new Rebalancer(start.placement(), new VolumeHttp(start.volTimeoutMs()), index), workers, System.out);
        }
        System.out.println("rebalance done: " + s.checked() + " keys checked, " + s.moved() + " moved, " + s.failed()
                + " failed");
        return s.failed() == 0 ? 0 : 1;
    }
}
