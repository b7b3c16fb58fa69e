package io.panamax.lab.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to launch one server under test: a command template with {@code {port}}, {@code {shards}},
 * {@code {maxmemory}}, {@code {maxclients}}, {@code {root}}, {@code {cachePort}}, {@code {httpPort}},
 * {@code {dataDir}} and {@code {confDir}} placeholders, split on whitespace with single/double quotes honoured
 * ({@code ''} is an empty argument). A server speaks a protocol when its template can open that listener:
 * {@code resp} (every server but nginx), {@code cache} ({@code {cachePort}} in the template), {@code http}
 * ({@code {httpPort}} in the template, or nginx).
 *
 * <p>A blob store ({@link #isBlobStore()}, protocol {@code blob}) is several processes: {@code template} launches
 * Panamax's blob master ({@code {httpPort}}, {@code {volumes}} = the comma-joined {@code host:port} list,
 * {@code {replicas}}, {@code {subvolumes}}, {@code {dataDir}} = its index) and {@code volumeTemplate} each volume
 * server ({@code {httpPort}}, {@code {dataDir}}, and {@code {confDir}} for nginx); {@link BlobCluster} starts them.
 *
 * @param name short name used in tables ({@code panamax}, {@code redis}, {@code valkey}, {@code nginx-volumes})
 * @param label what it really is, e.g. {@code panamax (stand-in: redis-server)}
 * @param template command template (a blob store's master)
 * @param volumeTemplate a blob store's volume command template; null for every other server
 */
public record ServerSpec(String name, String label, String template, String volumeTemplate) {

    /**
     * The Panamax CLI contract. {@code {cachePort}} and {@code {httpPort}} are 0 (listener off, so no LSM store,
     * as the RESP peers) unless the row speaks that protocol; {@code {dataDir}} is a fresh temporary directory.
     */
    public static final String PANAMAX_TEMPLATE = "{root}/bin/panamax server --port {port} --bind 127.0.0.1"
            + " --shards {shards} --transport auto --maxmemory {maxmemory} --cache-port {cachePort}"
            + " --http-port {httpPort} --data-dir {dataDir} --fsync everysec";
    /** nginx from the distribution, non-root, everything (config, pid, logs, temp paths) in {@code {confDir}}. */
    public static final String NGINX_TEMPLATE = "nginx -p {confDir} -c {confDir}/nginx.conf -e {confDir}/error.log";
    /** redis-server (and valkey-server) with persistence off, same maxmemory, room for C10K. */
    public static final String REDIS_TEMPLATE = "%s --port {port} --bind 127.0.0.1 --save '' --appendonly no"
            + " --maxmemory {maxmemory} --maxclients {maxclients} --protected-mode no --daemonize no";

    /**
     * Panamax's blob master ({@code panamax blob master}, the CLI contract of {@code blobstore/README.md}) with its
     * defaults for everything not named: {@code --fsync always}, {@code --md5sum=true}, {@code --head-cache-ms 1000},
     * one event loop per CPU it may use.
     */
    public static final String BLOB_MASTER_TEMPLATE = "{root}/bin/panamax blob master --port {httpPort} --bind 127.0.0.1"
            + " --volumes {volumes} --replicas {replicas} --subvolumes {subvolumes} --index {dataDir}";
    /** Panamax's own blob volume server over {@code {dataDir}}. */
    public static final String BLOB_VOLUME_TEMPLATE = "{root}/bin/panamax blob volume --port {httpPort} --bind 127.0.0.1"
            + " --dir {dataDir}";

    /** A server that is not a blob store. */
    public ServerSpec(String name, String label, String template) {
        this(name, label, template, null);
    }

    /** Built-in peers by name. */
    public static ServerSpec peer(String name) {
        return switch (name) {
            case "redis" -> new ServerSpec("redis", "redis-server", REDIS_TEMPLATE.formatted("redis-server"));
            case "valkey" -> new ServerSpec("valkey", "valkey-server", REDIS_TEMPLATE.formatted("valkey-server"));
            case "nginx" -> new ServerSpec("nginx", "nginx (fixed `return 200 \"value\"`, no storage)",
                    NGINX_TEMPLATE);
            case "nginx-volumes" -> new ServerSpec("nginx-volumes",
                    "panamax blob master + stock nginx WebDAV volumes (Go minikeyvalue's volume setup)",
                    BLOB_MASTER_TEMPLATE, NGINX_TEMPLATE);
            default -> throw new IllegalArgumentException("unknown peer=" + name
                    + ", known: redis, valkey, nginx, nginx-volumes");
        };
    }

    /** Panamax's blob store: its master over its own volume servers. */
    public static ServerSpec blobPanamax() {
        return new ServerSpec("panamax", "panamax blob master + panamax blob volumes", BLOB_MASTER_TEMPLATE,
                BLOB_VOLUME_TEMPLATE);
    }

    /**
     * Whether this server can be run with a listener for {@code protocol} ({@code resp}, {@code cache}, {@code http},
     * or {@code blob}: minikeyvalue's HTTP API on the master's {@code {httpPort}}).
     */
    public boolean speaks(String protocol) {
        return switch (protocol) {
            case "resp" -> speaksResp();
            case "cache" -> !isBlobStore() && template.contains("{cachePort}");
            case "http" -> !isBlobStore() && (template.contains("{httpPort}") || isNginx());
            case "blob" -> isBlobStore();
            default -> false;
        };
    }

    /** Whether the server answers RESP on {@code {port}} (readiness PING, FLUSHALL, DBSIZE, INFO). */
    public boolean speaksResp() {
        return !isNginx() && !isBlobStore();
    }

    /** A blob store: a master over volume servers launched from {@link #volumeTemplate}. */
    public boolean isBlobStore() {
        return volumeTemplate != null;
    }

    /** A blob store whose volumes are nginx (each needs a generated WebDAV config in its {@code {confDir}}). */
    public boolean hasNginxVolumes() {
        return isBlobStore() && volumeTemplate.contains("{confDir}");
    }

    /** nginx needs a generated config in {@code {confDir}}. */
    public boolean isNginx() {
        return template.contains("{confDir}");
    }

    /**
     * Panamax from {@code --panamax-cmd}: null or empty = the CLI contract; a peer name ({@code redis}) = that
     * peer as a stand-in (labelled so); anything else = a literal template.
     */
    public static ServerSpec panamax(String override) {
        if (override == null || override.isBlank()) {
            return new ServerSpec("panamax", "panamax", PANAMAX_TEMPLATE);
        }
        if (override.equals("redis") || override.equals("valkey")) {
            ServerSpec p = peer(override);
            return new ServerSpec("panamax", "panamax (stand-in: " + p.label() + ")", p.template());
        }
        return new ServerSpec("panamax", "panamax (custom command)", override);
    }

    /** The command for these placeholder values. */
    public List<String> render(Map<String, String> values) {
        return split(expand(template, values));
    }

    /**
     * Whether the executable (first word after placeholder expansion) exists on PATH or as a file; for a blob store,
     * the volume's executable too.
     */
    public boolean installed(Map<String, String> values) {
        return executable(render(values).getFirst())
                && (!isBlobStore() || executable(split(expand(volumeTemplate, values)).getFirst()));
    }

    private static String expand(String template, Map<String, String> values) {
        String s = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            s = s.replace("{" + e.getKey() + "}", e.getValue());
        }
        return s;
    }

    /** The volume command of a blob store for these placeholder values. */
    public List<String> renderVolume(Map<String, String> values) {
        if (!isBlobStore()) {
            throw new IllegalStateException("server name=" + name + " is not a blob store");
        }
        return split(expand(volumeTemplate, values));
    }

    private static boolean executable(String exe) {
        if (exe.contains("/")) {
            return Files.isExecutable(Path.of(exe));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    /** Splits a command line on whitespace, honouring single and double quotes. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
