package io.panamax.protocol.resp;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * INFO [section ...]: server, clients, memory, persistence, stats, replication, cpu, keyspace and
 * panamax (transport, shards, per-shard memory). Gathered from every shard, formatted as Redis does
 * ({@code # Section} headers, {@code field:value} lines, CRLF).
 */
final class InfoCommand {
    private static final List<String> DEFAULT_SECTIONS =
            List.of("server", "clients", "memory", "persistence", "stats", "replication", "cpu", "keyspace", "panamax");

    private InfoCommand() {}

    static boolean info(RespSession session, RespCommand c, ReplySlot slot) {
        Set<String> wanted = new java.util.LinkedHashSet<>();
        for (int i = 1; i < c.argCount(); i++) {
            String s = c.argString(i).toLowerCase(Locale.ROOT);
            if (s.equals("all") || s.equals("everything") || s.equals("default")) {
                wanted.addAll(DEFAULT_SECTIONS);
            } else {
                wanted.add(s);
            }
        }
        if (wanted.isEmpty()) {
            wanted.addAll(DEFAULT_SECTIONS);
        }
        KeyspaceCommands.onAllShards(session, slot, Shard::stats, stats -> {
            slot.reply().verbatim(render(session.server(), wanted, stats));
            slot.complete();
        });
        return false;
    }

    static String render(RespServer server, Set<String> wanted, List<ShardStats> stats) {
        StringBuilder sb = new StringBuilder();
        long keys = 0;
        long expires = 0;
        long used = 0;
        long reserved = 0;
        long commands = 0;
        long hits = 0;
        long misses = 0;
        long expired = 0;
        long evicted = 0;
        long errors = 0;
        long lazyPending = 0;
        long lazyFreed = 0;
        for (ShardStats s : stats) {
            keys += s.keys();
            expires += s.expires();
            used += s.usedMemoryBytes();
            reserved += s.reservedMemoryBytes();
            commands += s.commandsProcessed();
            hits += s.keyspaceHits();
            misses += s.keyspaceMisses();
            expired += s.expiredKeys();
            evicted += s.evictedKeys();
            errors += s.errorsHandled();
            lazyPending += s.lazyfreePendingObjects();
            lazyFreed += s.lazyfreedObjects();
        }
        long uptimeMs = System.currentTimeMillis() - server.startedAtMs();
        Runtime rt = Runtime.getRuntime();
        for (String section : DEFAULT_SECTIONS) {
            if (!wanted.contains(section)) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append("\r\n");
            }
            switch (section) {
                case "server" -> {
                    header(sb, "Server");
                    line(sb, "redis_version", RespServer.REDIS_VERSION);
                    line(sb, "panamax_version", server.panamaxVersion());
                    line(sb, "redis_mode", "standalone");
                    line(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
                    line(sb, "arch_bits", "64");
                    line(sb, "multiplexing_api", server.shards().transport().cliName());
                    line(sb, "java_version", System.getProperty("java.version"));
                    line(sb, "process_id", Long.toString(ProcessHandle.current().pid()));
                    line(sb, "tcp_port", server.settings().get("port"));
                    line(sb, "uptime_in_seconds", Long.toString(uptimeMs / 1000));
                    line(sb, "uptime_in_days", Long.toString(uptimeMs / 86_400_000));
                    line(sb, "executable", "panamax");
                }
                case "clients" -> {
                    header(sb, "Clients");
                    line(sb, "connected_clients", Integer.toString(server.clients().size()));
                    line(sb, "maxclients", server.settings().get("maxclients"));
                    line(sb, "blocked_clients", Long.toString(BlockingCommands.blockedClients(server)));
                }
                case "memory" -> {
                    header(sb, "Memory");
                    line(sb, "used_memory", Long.toString(used));
                    line(sb, "used_memory_human", human(used));
                    line(sb, "used_memory_offheap_reserved", Long.toString(reserved));
                    line(sb, "used_memory_rss", Long.toString(rss()));
                    line(sb, "used_memory_rss_human", human(rss()));
                    line(sb, "used_memory_heap", Long.toString(rt.totalMemory() - rt.freeMemory()));
                    line(sb, "maxmemory", server.settings().get("maxmemory"));
                    line(sb, "maxmemory_human", human(Long.parseLong(server.settings().get("maxmemory"))));
                    line(sb, "maxmemory_policy", server.settings().get("maxmemory-policy"));
                    line(sb, "mem_allocator", "panamax-slab");
                    line(sb, "lazyfree_pending_objects", Long.toString(lazyPending));
                }
                case "persistence" -> {
                    header(sb, "Persistence");
                    line(sb, "loading", "0");
                    line(sb, "rdb_changes_since_last_save", "0");
                    line(sb, "aof_enabled", "0");
                }
                case "stats" -> {
                    header(sb, "Stats");
                    line(sb, "total_connections_received", Long.toString(server.connectionsReceived()));
                    line(sb, "total_commands_processed", Long.toString(commands));
                    line(sb, "expired_keys", Long.toString(expired));
                    line(sb, "evicted_keys", Long.toString(evicted));
                    line(sb, "keyspace_hits", Long.toString(hits));
                    line(sb, "keyspace_misses", Long.toString(misses));
                    line(sb, "errors_handled", Long.toString(errors));
                    line(sb, "lazyfreed_objects", Long.toString(lazyFreed));
                }
                case "replication" -> {
                    header(sb, "Replication");
                    line(sb, "role", "master");
                    line(sb, "connected_slaves", "0");
                }
                case "cpu" -> {
                    header(sb, "CPU");
                    var os = ManagementFactory.getOperatingSystemMXBean();
                    double cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : 0;
                    line(sb, "used_cpu_total", String.format(Locale.ROOT, "%.6f", cpu));
                }
                case "keyspace" -> {
                    header(sb, "Keyspace");
                    if (keys > 0) {
                        line(sb, "db0", "keys=" + keys + ",expires=" + expires + ",avg_ttl=0");
                    }
                }
                case "panamax" -> {
                    header(sb, "Panamax");
                    line(sb, "transport", server.shards().transport().cliName());
                    line(sb, "shards", Integer.toString(server.shards().shardCount()));
                    for (ShardStats s : stats) {
                        line(sb, "shard" + s.index(), "keys=" + s.keys() + ",used_memory=" + s.usedMemoryBytes()
                                + ",reserved_memory=" + s.reservedMemoryBytes() + ",commands=" + s.commandsProcessed());
                    }
                }
                default -> { }
            }
        }
        return sb.toString();
    }

    private static void header(StringBuilder sb, String name) {
        sb.append("# ").append(name).append("\r\n");
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(':').append(value).append("\r\n");
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
    }

    /** Resident set size of this process from /proc/self/statm, 0 where unavailable. */
    static long rss() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}
