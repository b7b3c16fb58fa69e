package io.panamax.lab.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts a blob store under test ({@link ServerSpec#isBlobStore()}): {@code volumes} volume servers from the spec's
 * volume template, each on a free loopback port over its own directory under {@code temp} (nginx volumes get a
 * WebDAV config there, {@link NginxConfig#renderWebDav}), and Panamax's master over them with its index in
 * {@code temp/index}; all launched together (the master connects to a volume only when a request needs one), then
 * each awaited until it accepts connections. Every process is started by the lab and stopped by PID; the master is
 * returned with the volumes {@linkplain ServerProcess#attach attached}, so its CPU time counts every process of the
 * store and stopping it stops them all. The caller deletes {@code temp}.
 *
 * @param volumes volume servers (the lab's rows: 5)
 * @param replicas the master's {@code --replicas} (3)
 * @param subvolumes the master's {@code --subvolumes} (10)
 */
public record BlobCluster(int volumes, int replicas, int subvolumes) {

    /** The minikeyvalue matrix's store: 5 volumes, 3 replicas, 10 subvolumes, as the spec's examples. */
    public static final BlobCluster MINIKEYVALUE = new BlobCluster(5, 3, 10);

    /** Seconds a process may take to accept connections (a JVM on one busy pinned CPU can be slow). */
    static final int READY_TIMEOUT_S = 180;

    public BlobCluster {
        if (volumes < 1 || replicas < 1 || replicas > volumes || subvolumes < 1) {
            throw new IllegalArgumentException("bad blob cluster volumes=" + volumes + " replicas=" + replicas
                    + " subvolumes=" + subvolumes);
        }
    }

    /**
     * Starts the volumes, then the master; on any failure stops what it started and rethrows.
     *
     * @param prefix taskset/ulimit prefix of every process
     * @param values placeholder values shared by all ({@code root}); ports and dirs are added here
     * @param workers nginx {@code worker_processes} per nginx volume
     * @param logs directory of the processes' output ({@code <logName>-volume<i>.log}, {@code <logName>.log}, and
     *     {@code <logName>-nginx-volume.conf}, the first nginx volume's config)
     * @param launched gets every process as soon as it exists (so an interrupt can stop it)
     * @throws IOException when a process exits early or does not accept connections in time (see its log)
     */
    public ServerProcess start(ServerSpec spec, List<String> prefix, Map<String, String> values, int workers,
            Path temp, Path logs, String logName, Consumer<ServerProcess> launched)
            throws IOException, InterruptedException {
        if (!spec.isBlobStore()) {
            throw new IllegalArgumentException("server name=" + spec.name() + " is not a blob store");
        }
        List<ServerProcess> started = new ArrayList<>();
        List<Path> volumeLogs = new ArrayList<>();
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 1; i <= volumes; i++) {
                int port = ServerProcess.freePort();
                while (addresses.contains("127.0.0.1:" + port)) { // not bound yet by the volume that got it
                    port = ServerProcess.freePort();
                }
                Path dir = temp.resolve("volume" + i);
                Files.createDirectories(dir.resolve("data"));
                if (spec.hasNginxVolumes()) {
                    String conf = NginxConfig.renderWebDav(dir, port, workers, "root".equals(System.getProperty("user.name")));
                    Files.writeString(dir.resolve("nginx.conf"), conf);
                    if (i == 1) {
                        Files.writeString(logs.resolve(logName + "-nginx-volume.conf"), conf);
                    }
                }
                Map<String, String> v = new HashMap<>(values);
                v.put("httpPort", String.valueOf(port));
                v.put("dataDir", dir.resolve("data").toString());
                v.put("confDir", dir.toString());
                List<String> cmd = new ArrayList<>(prefix);
                cmd.addAll(spec.renderVolume(v));
                ServerSpec volume = new ServerSpec(spec.name() + "-volume" + i, spec.label() + ", volume " + i,
                        spec.volumeTemplate());
                Path log = logs.resolve(logName + "-volume" + i + ".log");
                started.add(ServerProcess.launch(volume, cmd, new ServerPorts(0, 0, port), log, launched));
                volumeLogs.add(log);
                addresses.add("127.0.0.1:" + port);
            }
            Map<String, String> v = new HashMap<>(values);
            int port = ServerProcess.freePort();
            while (addresses.contains("127.0.0.1:" + port)) {
                port = ServerProcess.freePort();
            }
            v.put("httpPort", String.valueOf(port));
            v.put("volumes", String.join(",", addresses));
            v.put("replicas", String.valueOf(replicas));
            v.put("subvolumes", String.valueOf(subvolumes));
            v.put("dataDir", temp.resolve("index").toString());
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(spec.render(v));
            // The master only connects to a volume when a request needs it, so it starts with them: on one pinned
            // CPU the JVM start-ups overlap their waits.
            Path masterLog = logs.resolve(logName + ".log");
            ServerProcess master = ServerProcess.launch(spec, cmd, new ServerPorts(0, 0, port), masterLog, launched);
            started.add(master);
            for (int i = 0; i < volumes; i++) {
                started.get(i).awaitReady(volumeLogs.get(i), READY_TIMEOUT_S);
            }
            master.awaitReady(masterLog, READY_TIMEOUT_S);
            started.subList(0, volumes).forEach(master::attach);
            return master;
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.forEach(ServerProcess::stop);
            throw e;
        }
    }
}
