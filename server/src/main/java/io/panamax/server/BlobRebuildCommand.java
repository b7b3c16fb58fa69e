package io.panamax.server;

import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.Placement;
import io.panamax.blobstore.admin.Rebuilder;
import io.panamax.blobstore.admin.VolumeHttp;
import io.panamax.engine.lsm.FsyncPolicy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code panamax blob rebuild}: rebuilds the index from the volumes' listings (master stopped). */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Rebuild the index from what the volumes hold (run with the master stopped).")
final class BlobRebuildCommand implements Callable<Integer> {
    @Mixin
    BlobOptions blob;

    @Option(names = "--workers", description = "Parallel listings and MD5 reads (default: ${DEFAULT-VALUE}).", defaultValue = "16")
    int workers;

    @Override
    public Integer call() throws Exception {
        Placement placement;
        long timeoutMs;
        try {
            placement = blob.placement();
            timeoutMs = blob.volTimeoutMs();
            if (workers < 1) {
                throw new IllegalArgumentException("--workers=" + workers + " must be >= 1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("panamax: " + e.getMessage());
            return 2;
        }
        BlobIndex index;
        try {
            index = BlobIndex.open(blob.index, FsyncPolicy.NO);
        } catch (RuntimeException e) {
            System.err.println("panamax: cannot open the index in --index=" + blob.index + " (is the master running?): "
                    + e.getMessage());
            return 1;
        }
        Path scratch = blob.index.toAbsolutePath().resolveSibling(blob.index.getFileName() + ".rebuild");
        Rebuilder.Summary s;
        try (index) {
            s = new Rebuilder(placement, new VolumeHttp(timeoutMs), index, scratch, workers, blob.md5sum, System.out).run();
            index.store().flush(); // durable before we say done
        }
        System.out.println("rebuild done: " + s.keys() + " keys from " + s.files() + " files, " + s.skipped()
                + " skipped, " + s.failures() + " failures");
        return s.failures() == 0 ? 0 : 1;
    }
}
