package io.panamax.server;

import io.panamax.blobstore.BlobIndex;
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
        BlobOptions.Offline start = blob.openOffline(workers, FsyncPolicy.NO);
        if (start.index() == null) {
            return start.exitCode();
        }
        BlobIndex index = start.index();
        Path scratch = blob.index.toAbsolutePath().resolveSibling(blob.index.getFileName() + ".rebuild");
        Rebuilder.Summary s;
        try (index) {
            s = new Rebuilder(start.placement(), new VolumeHttp(start.volTimeoutMs()), index, scratch, workers,
                    blob.md5sum, System.out).run();
            index.store().flush(); // durable before we say done
        }
        System.out.println("rebuild done: " + s.keys() + " keys from " + s.files() + " files, " + s.skipped()
                + " skipped, " + s.failures() + " failures");
        return s.failures() == 0 ? 0 : 1;
    }
}
