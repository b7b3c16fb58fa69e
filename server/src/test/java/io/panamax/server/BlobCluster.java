package io.panamax.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Volumes (real processes) plus masters over them, each in its own temp directory; closed together. */
final class BlobCluster implements AutoCloseable {
    final Path root;
    final List<BlobProcess> volumes = new ArrayList<>();
    final List<BlobProcess> masters = new ArrayList<>();

    BlobCluster(int volumeCount) throws Exception {
        root = Files.createTempDirectory("panamax-blob-cluster-");
        try {
            for (int i = 0; i < volumeCount; i++) {
                volumes.add(BlobProcess.volume(root.resolve("volume" + i)));
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** {@code --volumes} of the first {@code n} volumes. */
    String volumeList(int n) {
        return volumes.stream().limit(n).map(BlobProcess::address).collect(Collectors.joining(","));
    }

    String volumeList() {
        return volumeList(volumes.size());
    }

    /** Starts a master with its own index directory ({@code name}) and {@code args}. */
    BlobProcess master(String name, String... args) throws Exception {
        return master(name, List.of(), args);
    }

    /** As {@link #master(String, String...)}, with extra JVM options. */
    BlobProcess master(String name, List<String> jvmOptions, String... args) throws Exception {
        BlobProcess m = BlobProcess.master(root.resolve("index-" + name), jvmOptions, args);
        masters.add(m);
        return m;
    }

    /** The directory of volume {@code i}. */
    Path volumeDir(int i) {
        return volumes.get(i).dir;
    }

    @Override
    public void close() throws Exception {
        for (BlobProcess m : masters) {
            m.close();
        }
        for (BlobProcess v : volumes) {
            v.close();
        }
        ServerProcess.deleteTree(root);
    }
}
