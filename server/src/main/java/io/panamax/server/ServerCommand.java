package io.panamax.server;

import io.netty.util.ResourceLeakDetector;
import io.panamax.engine.keyspace.EvictionConfig;
import io.panamax.engine.keyspace.EvictionPolicy;
import io.panamax.engine.lsm.FsyncPolicy;
import io.panamax.engine.lsm.LsmConfig;
import io.panamax.protocol.cache.CacheServer;
import io.panamax.protocol.http.HttpLimits;
import io.panamax.protocol.http.HttpServer;
import io.panamax.protocol.http.RestStores;
import io.panamax.protocol.resp.MemorySize;
import io.panamax.protocol.resp.RespLimits;
import io.panamax.protocol.resp.RespServer;
import io.panamax.protocol.resp.ServerSettings;
import io.panamax.protocol.resp.Shard;
import io.panamax.transport.ShardGroup;
import io.panamax.transport.TransportKind;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code panamax server}: runs the RESP server until SIGINT, SIGTERM or SHUTDOWN. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the key-value server (RESP2/RESP3, cache protocol, REST API).")
final class ServerCommand implements Callable<Integer> {
    static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = "--port", description = "RESP port (default: ${DEFAULT-VALUE}); 0 picks a free port.", defaultValue = "6379")
    int port;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--shards", description = "Shards = event loop threads (default: available processors).")
    Integer shards;

    @Option(names = "--transport", description = "auto | io_uring | epoll | nio (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String transport;

    @Option(names = "--maxmemory", description = "Memory limit for keys and values, e.g. 2gb, 512mb; 0 = none (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    String maxmemory;

    @Option(names = "--maxmemory-policy", description = "noeviction | allkeys-lru | volatile-lru | allkeys-random | volatile-random | volatile-ttl | allkeys-lfu | volatile-lfu (Redis semantics); cache protocol writes evict as allkeys-lru under noeviction (default: ${DEFAULT-VALUE}).", defaultValue = "noeviction")
    String maxmemoryPolicy;

    @Option(names = "--maxmemory-samples", description = "Entries sampled per eviction by volatile-ttl and the LFU policies (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int maxmemorySamples;

    @Option(names = "--lfu-log-factor", description = "Redis's lfu-log-factor: hits it takes to raise an LFU counter (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int lfuLogFactor;

    @Option(names = "--lfu-decay-time", description = "Redis's lfu-decay-time: idle minutes per LFU counter decrement, 0 = never (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int lfuDecayTime;

    @Option(names = "--cache-port", description = "Cache protocol (KV-Cache JSON) port (default: ${DEFAULT-VALUE}); 0 disables it.", defaultValue = "7171")
    int cachePort;

    @Option(names = "--http-port", description = "REST API port (default: ${DEFAULT-VALUE}); 0 disables it.", defaultValue = "8080")
    int httpPort;

    @Option(names = "--data-dir", description = "Directory of the durable LSM stores behind the REST API, one per shard in shard-<i>/; a different --shards re-partitions it at start (default: ${DEFAULT-VALUE}).", defaultValue = "./data")
    Path dataDir;

    @Option(names = "--fsync", description = "WAL fsync policy of the LSM store: always | everysec | no (default: ${DEFAULT-VALUE}).", defaultValue = "everysec")
    String fsync;

    @Option(names = "--http-max-value-size", description = "Largest REST request body, e.g. 64mb (default: ${DEFAULT-VALUE}); larger gets 413.", defaultValue = "64mb")
    String httpMaxValueSize;

    @Option(names = "--http-idle-timeout-ms", description = "Close an idle REST connection after this long (default: ${DEFAULT-VALUE}).", defaultValue = "60000")
    long httpIdleTimeoutMs;

    @Option(names = "--http-request-timeout-ms", description = "A REST request must arrive whole within this long of its first bytes (default: ${DEFAULT-VALUE}).", defaultValue = "30000")
    long httpRequestTimeoutMs;

    /** A shard's share of maxmemory: an even split, at least 1 byte so a tiny limit never turns into "none" (0). */
    static long perShard(long maxmemoryBytes, int shardCount) {
        return maxmemoryBytes == 0 ? 0 : Math.max(1, maxmemoryBytes / shardCount);
    }

    @Override
    public Integer call() throws Exception {
        if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
            // Netty's default (SIMPLE) records a stack trace for 1 in 128 buffer allocations: measurable on every
            // request path. The integration tests run the server with -Dio.netty.leakDetection.level=simple.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        long maxmemoryBytes = MemorySize.parse(maxmemory);
        if (maxmemoryBytes < 0) {
            System.err.println("panamax: --maxmemory=" + maxmemory + " is not a memory size (e.g. 1048576, 512mb, 2gb)");
            return 2;
        }
        int shardCount = shards == null ? Runtime.getRuntime().availableProcessors() : shards;
        if (shardCount < 1 || shardCount > 1024) {
            System.err.println("panamax: --shards=" + shardCount + " must be in [1, 1024]");
            return 2;
        }
        if (port < 0 || port > 65535) {
            System.err.println("panamax: --port=" + port + " must be in [0, 65535]");
            return 2;
        }
        if (cachePort < 0 || cachePort > 65535) {
            System.err.println("panamax: --cache-port=" + cachePort + " must be in [0, 65535]");
            return 2;
        }
        EvictionPolicy policy = EvictionPolicy.parse(maxmemoryPolicy);
        if (policy == null) {
            System.err.println("panamax: --maxmemory-policy=" + maxmemoryPolicy + " must be one of "
                    + EvictionPolicy.NAMES_FOR_ERRORS);
            return 2;
        }
        if (maxmemorySamples < 1 || lfuLogFactor < 0 || lfuDecayTime < 0) {
            System.err.println(maxmemorySamples < 1 ? "panamax: --maxmemory-samples=" + maxmemorySamples + " must be >= 1"
                    : lfuLogFactor < 0 ? "panamax: --lfu-log-factor=" + lfuLogFactor + " must be >= 0"
                    : "panamax: --lfu-decay-time=" + lfuDecayTime + " must be >= 0");
            return 2;
        }
        EvictionConfig eviction = new EvictionConfig(policy, maxmemorySamples, lfuLogFactor, lfuDecayTime);
        if (httpPort < 0 || httpPort > 65535) {
            System.err.println("panamax: --http-port=" + httpPort + " must be in [0, 65535]");
            return 2;
        }
        FsyncPolicy fsyncPolicy;
        try {
            fsyncPolicy = FsyncPolicy.valueOf(fsync.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("panamax: --fsync=" + fsync + " must be always, everysec or no");
            return 2;
        }
        long maxValueBytes = MemorySize.parse(httpMaxValueSize);
        HttpLimits httpLimits;
        try {
            if (maxValueBytes < 0 || maxValueBytes > Integer.MAX_VALUE - 1024) {
                throw new IllegalArgumentException("--http-max-value-size=" + httpMaxValueSize
                        + " must be a memory size below 2gb");
            }
            httpLimits = HttpLimits.DEFAULTS.withMaxValueBytes((int) maxValueBytes)
                    .withTimeouts(httpIdleTimeoutMs, httpRequestTimeoutMs);
        } catch (IllegalArgumentException e) {
            System.err.println("panamax: " + e.getMessage());
            return 2;
        }
        TransportKind kind;
        try {
            kind = TransportKind.select(transport);
        } catch (IllegalArgumentException e) {
            System.err.println("panamax: " + e.getMessage());
            return 2;
        }
        long perShard = perShard(maxmemoryBytes, shardCount);
        ShardGroup<Shard> group = new ShardGroup<>(kind, shardCount, (index, loop) -> {
            Shard shard = new Shard(index, loop, perShard);
            shard.evictionConfig(eviction);
            return shard;
        });
        ServerSettings settings = new ServerSettings(maxmemoryBytes, port, bind);
        settings.set("maxmemory-policy", policy.redisName());
        settings.set("maxmemory-samples", Integer.toString(maxmemorySamples));
        settings.set("lfu-log-factor", Integer.toString(lfuLogFactor));
        settings.set("lfu-decay-time", Integer.toString(lfuDecayTime));
        settings.onEvictionChange(config -> group.onEveryShard(shard -> shard.evictionConfig(config)));
        settings.onMaxmemoryChange(bytes -> group.onEveryShard(shard -> shard.maxmemoryBytes(perShard(bytes, group.shardCount()))));
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        RespServer[] holder = new RespServer[1];
        RestStores store = null;
        if (httpPort != 0) {
            try {
                store = RestStores.open(dataDir, shardCount, LsmConfig.defaults().withFsyncPolicy(fsyncPolicy));
            } catch (RuntimeException e) {
                System.err.println("panamax: cannot open the LSM stores in --data-dir=" + dataDir + ": " + e.getMessage());
                group.shutdown(Shard::close, 5_000);
                return 1;
            }
        }
        RestStores restStore = store;
        HttpServer http = store == null ? null : new HttpServer(group, store, httpLimits);
        CacheServer cache = cachePort == 0 ? null : new CacheServer(group, CacheServer.DEFAULT_MAX_REQUEST_BYTES);
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            LOG.info("shutting down: stop accepting, close clients, free shard arenas");
            if (cache != null) {
                cache.stopAccepting();
            }
            if (http != null) {
                http.stop(5_000);
            }
            if (restStore != null) {
                try {
                    restStore.close();
                } catch (RuntimeException e) {
                    LOG.error("closing the LSM store failed: {}", e.toString());
                }
            }
            if (holder[0] != null) {
                holder[0].stopAccepting();
                holder[0].closeClients();
            }
            group.shutdown(Shard::close, 5_000);
            LOG.info("stopped");
            stopped.countDown();
        };
        RespServer server = new RespServer(group, RespLimits.DEFAULTS, settings, Main.version(),
                () -> Thread.ofPlatform().name("panamax-shutdown").start(() -> System.exit(0)));
        holder[0] = server;
        Thread hook = new Thread(stop, "panamax-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        InetSocketAddress bound;
        InetSocketAddress cacheBound = null;
        if (cache != null) { // before RESP, so that RESP accepting means both are up
            try {
                cacheBound = cache.start(bind, cachePort);
            } catch (Exception e) {
                System.err.println("panamax: cannot listen on " + bind + ":" + cachePort + " (--cache-port): " + e);
                stop.run();
                return 1;
            }
        }
        InetSocketAddress httpBound = null;
        if (http != null) { // before RESP, so that RESP accepting means every listener is up
            try {
                httpBound = http.start(bind, httpPort);
            } catch (Exception e) {
                System.err.println("panamax: cannot listen on " + bind + ":" + httpPort + " (--http-port): " + e);
                stop.run();
                return 1;
            }
        }
        try {
            bound = server.start(bind, port);
        } catch (Exception e) {
            System.err.println("panamax: cannot listen on " + bind + ":" + port + ": " + e);
            stop.run();
            return 1;
        }
        LOG.info("Panamax {} ready: RESP on {}:{}, cache protocol on {}, REST on {} (data-dir={}, fsync={}),"
                        + " transport={}, shards={}, maxmemory={}, maxmemory-policy={}, pid={}", Main.version(),
                bound.getHostString(), bound.getPort(),
                cacheBound == null ? "off" : cacheBound.getHostString() + ":" + cacheBound.getPort(),
                httpBound == null ? "off" : httpBound.getHostString() + ":" + httpBound.getPort(),
                dataDir, fsyncPolicy.name().toLowerCase(java.util.Locale.ROOT), kind.cliName(), shardCount,
                maxmemoryBytes, policy.redisName(), ProcessHandle.current().pid());
        stopped.await();
        return 0;
    }
}
