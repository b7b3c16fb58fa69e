package io.panamax.protocol.resp;

import io.panamax.engine.keyspace.EvictionConfig;
import io.panamax.engine.keyspace.EvictionPolicy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The parameters {@code CONFIG GET}/{@code CONFIG SET} expose, with Redis's names, values and error texts (Redis
 * 7.0 config.c). Thread-safe; a change of {@code maxmemory} or of an eviction setting ({@code maxmemory-policy},
 * {@code maxmemory-samples}, {@code lfu-log-factor}, {@code lfu-decay-time}) is handed to a listener that spreads it
 * over the shards.
 */
public final class ServerSettings {
    private final Map<String, String> values = new LinkedHashMap<>();
    private volatile Consumer<Long> maxmemoryListener = bytes -> {};
    private volatile Consumer<EvictionConfig> evictionListener = config -> {};

    public ServerSettings(long maxmemoryBytes, int port, String bind) {
        values.put("maxmemory", Long.toString(maxmemoryBytes));
        values.put("maxmemory-policy", "noeviction");
        EvictionConfig d = EvictionConfig.defaults();
        values.put("maxmemory-samples", Integer.toString(d.samples()));
        values.put("lfu-log-factor", Integer.toString(d.lfuLogFactor()));
        values.put("lfu-decay-time", Integer.toString(d.lfuDecayTimeMinutes()));
        values.put("save", "");
        values.put("appendonly", "no");
        values.put("appendfsync", "everysec");
        values.put("databases", "1");
        values.put("port", Integer.toString(port));
        values.put("bind", bind);
        values.put("proto-max-bulk-len", Long.toString(RespLimits.DEFAULTS.maxBulkBytes()));
        values.put("client-query-buffer-limit", Long.toString(RespLimits.DEFAULTS.maxQueryBufferBytes()));
        values.put("timeout", "0");
        values.put("requirepass", "");
        values.put("maxclients", "10000");
    }

    public void onMaxmemoryChange(Consumer<Long> listener) {
        this.maxmemoryListener = listener;
    }

    /** Called with the new eviction settings on each change of one of them. */
    public void onEvictionChange(Consumer<EvictionConfig> listener) {
        this.evictionListener = listener;
    }

    /** The eviction settings now in force. */
    public synchronized EvictionConfig evictionConfig() {
        return new EvictionConfig(EvictionPolicy.parse(values.get("maxmemory-policy")),
                Integer.parseInt(values.get("maxmemory-samples")), Integer.parseInt(values.get("lfu-log-factor")),
                Integer.parseInt(values.get("lfu-decay-time")));
    }

    /** Parameters whose name matches the glob {@code pattern} (case-insensitive), in a stable order. */
    public synchronized Map<String, String> matching(String pattern) {
        Map<String, String> out = new LinkedHashMap<>();
        String p = pattern.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (Glob.matches(p.getBytes(), e.getKey().getBytes(), false)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    public synchronized String get(String name) {
        return values.get(name);
    }

    private String setEviction(String key, String value) {
        EvictionConfig config;
        synchronized (this) {
            values.put(key, value);
            config = evictionConfig();
        }
        evictionListener.accept(config);
        return null;
    }

    /**
     * Sets {@code name} to {@code value}.
     *
     * @return null on success, else the error text (with its {@code ERR} prefix)
     */
    public String set(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        switch (key) {
            case "maxmemory" -> {
                long bytes = MemorySize.parse(value);
                if (bytes < 0) {
                    return "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value";
                }
                synchronized (this) {
                    values.put(key, Long.toString(bytes));
                }
                maxmemoryListener.accept(bytes);
                return null;
            }
            case "maxmemory-policy" -> {
                EvictionPolicy policy = EvictionPolicy.parse(value);
                if (policy == null) {
                    return "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must"
                            + " be one of the following: " + EvictionPolicy.NAMES_FOR_ERRORS;
                }
                return setEviction(key, policy.redisName());
            }
            case "maxmemory-samples", "lfu-log-factor", "lfu-decay-time" -> {
                int min = key.equals("maxmemory-samples") ? 1 : 0;
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return "ERR CONFIG SET failed (possibly related to argument '" + key
                            + "') - argument couldn't be parsed into an integer";
                }
                if (n < min || n > Integer.MAX_VALUE) {
                    return "ERR CONFIG SET failed (possibly related to argument '" + key + "') - argument must be"
                            + " between " + min + " and 2147483647 inclusive";
                }
                return setEviction(key, Long.toString(n));
            }
            case "save", "appendfsync", "timeout" -> {
                synchronized (this) {
                    values.put(key, value);
                }
                return null;
            }
            case "appendonly" -> {
                if (!value.equalsIgnoreCase("no")) {
                    return "ERR CONFIG SET failed (possibly related to argument 'appendonly') - persistence is not available in this release";
                }
                return null;
            }
            default -> {
                synchronized (this) {
                    if (values.containsKey(key)) {
                        return "ERR CONFIG SET failed (possibly related to argument '" + key + "') - can't set immutable config";
                    }
                }
                return "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'";
            }
        }
    }
}
