package io.panamax.protocol.resp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The parameters {@code CONFIG GET}/{@code CONFIG SET} expose, with Redis's names. Thread-safe;
 * a change of {@code maxmemory} is handed to a listener that spreads it over the shards.
 */
public final class ServerSettings {
    private final Map<String, String> values = new LinkedHashMap<>();
    private volatile Consumer<Long> maxmemoryListener = bytes -> {};
    private volatile Consumer<String> policyListener = policy -> {};

    public ServerSettings(long maxmemoryBytes, int port, String bind) {
        values.put("maxmemory", Long.toString(maxmemoryBytes));
        values.put("maxmemory-policy", "noeviction");
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

    /** Called with the new {@code maxmemory-policy} ({@code noeviction} or {@code allkeys-lru}) on each change. */
    public void onPolicyChange(Consumer<String> listener) {
        this.policyListener = listener;
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
                String v = value.toLowerCase(Locale.ROOT);
                if (!v.equals("noeviction") && !v.equals("allkeys-lru")) {
                    return "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - only noeviction"
                            + " and allkeys-lru are supported by this release";
                }
                synchronized (this) {
                    values.put(key, v);
                }
                policyListener.accept(v);
                return null;
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
