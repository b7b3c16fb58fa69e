package io.panamax.protocol.resp;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;

/**
 * Per-key generic commands: TYPE, EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT, TTL/PTTL,
 * EXPIRETIME/PEXPIRETIME, PERSIST, OBJECT. Semantics and errors follow the Redis 7 command pages and
 * expire.c / object.c. Keyspace-wide commands are in {@link KeyspaceCommands}, multi-key ones in
 * {@link MultiKeyCommands}.
 */
final class KeyCommands {
    private KeyCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.keyed("type", 2, "readonly fast", 1, 1, 1, "keyspace read fast", KeyCommands::type));
        t.register(CommandSpec.keyed("expire", -3, "write fast", 1, 1, 1, "keyspace write fast", (s, c, r) -> expire(s, c, r, 1000, false)));
        t.register(CommandSpec.keyed("pexpire", -3, "write fast", 1, 1, 1, "keyspace write fast", (s, c, r) -> expire(s, c, r, 1, false)));
        t.register(CommandSpec.keyed("expireat", -3, "write fast", 1, 1, 1, "keyspace write fast", (s, c, r) -> expire(s, c, r, 1000, true)));
        t.register(CommandSpec.keyed("pexpireat", -3, "write fast", 1, 1, 1, "keyspace write fast", (s, c, r) -> expire(s, c, r, 1, true)));
        t.register(CommandSpec.keyed("ttl", 2, "readonly fast", 1, 1, 1, "keyspace read fast", (s, c, r) -> ttl(s, c, r, 1000, false)));
        t.register(CommandSpec.keyed("pttl", 2, "readonly fast", 1, 1, 1, "keyspace read fast", (s, c, r) -> ttl(s, c, r, 1, false)));
        t.register(CommandSpec.keyed("expiretime", 2, "readonly fast", 1, 1, 1, "keyspace read fast", (s, c, r) -> ttl(s, c, r, 1000, true)));
        t.register(CommandSpec.keyed("pexpiretime", 2, "readonly fast", 1, 1, 1, "keyspace read fast", (s, c, r) -> ttl(s, c, r, 1, true)));
        t.register(CommandSpec.keyed("persist", 2, "write fast", 1, 1, 1, "keyspace write fast", KeyCommands::persist));
        t.register(new CommandSpec("object", -2, java.util.List.of("readonly"), 2, 2, 1, java.util.List.of("keyspace", "read", "slow"),
                CommandKind.KEYED, KeyCommands::object, null, null));
    }

    static void type(Shard s, RespCommand c, Reply r) {
        Keyspace ks = s.keyspace();
        long ref = ks.peek(c.segment(1)); // not an access (Redis: LOOKUP_NOTOUCH)
        r.simple(ref < 0 ? "none" : KeyspaceOps.typeName(ks.type(ref)));
    }

    static void expire(Shard s, RespCommand c, Reply r, long unitMs, boolean absolute) {
        String name = c.argString(0).toLowerCase(java.util.Locale.ROOT);
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < c.argCount(); i++) {
            if (c.argIs(i, "NX")) {
                nx = true;
            } else if (c.argIs(i, "XX")) {
                xx = true;
            } else if (c.argIs(i, "GT")) {
                gt = true;
            } else if (c.argIs(i, "LT")) {
                lt = true;
            } else {
                r.error("ERR Unsupported option " + c.argString(i));
                return;
            }
        }
        if (nx && (xx || gt || lt)) {
            r.error("ERR NX and XX, GT or LT options at the same time are not compatible");
            return;
        }
        if (gt && lt) {
            r.error("ERR GT and LT options at the same time are not compatible");
            return;
        }
        long now = System.currentTimeMillis();
        long when = ExpireOption.parse(c, 2, unitMs, absolute, true, now);
        if (when == ExpireOption.NOT_INTEGER) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        if (when == ExpireOption.INVALID) {
            r.error(RespErrors.invalidExpire(name));
            return;
        }
        Keyspace ks = s.keyspace();
        MemorySegment key = c.segment(1);
        long ref = ks.lookup(key);
        if (ref < 0) {
            r.integer(0);
            return;
        }
        long current = ks.expireAtMs(ref); // -1: none, treated as infinite for GT/LT
        if ((nx && current != -1) || (xx && current == -1)
                || (gt && (current == -1 || when <= current)) || (lt && current != -1 && when >= current)) {
            r.integer(0);
            return;
        }
        if (when <= now) {
            ks.delete(key);
        } else if (!ks.setExpireAt(key, when)) {
            r.raw(RespErrors.OOM);
            return;
        }
        r.integer(1);
    }

    static void ttl(Shard s, RespCommand c, Reply r, long unitMs, boolean absolute) {
        Keyspace ks = s.keyspace();
        long ref = ks.peek(c.segment(1)); // not an access (Redis: LOOKUP_NOTOUCH)
        if (ref < 0) {
            r.integer(-2);
            return;
        }
        long at = ks.expireAtMs(ref);
        if (at == -1) {
            r.integer(-1);
            return;
        }
        if (absolute) {
            r.integer(at / unitMs);
            return;
        }
        long left = Math.max(0, at - System.currentTimeMillis());
        r.integer(unitMs == 1 ? left : (left + 500) / 1000);
    }

    static void persist(Shard s, RespCommand c, Reply r) {
        Keyspace ks = s.keyspace();
        long ref = ks.lookup(c.segment(1));
        if (ref < 0 || ks.expireAtMs(ref) == -1) {
            r.integer(0);
            return;
        }
        ks.setExpireAt(c.segment(1), 0);
        r.integer(1);
    }

    /**
     * OBJECT ENCODING|FREQ|IDLETIME|REFCOUNT key (https://redis.io/docs/latest/commands/object/); OBJECT HELP is
     * answered without a key. None of them counts as an access. IDLETIME is seconds since the last read or write of the
     * key and an error under an LFU policy; FREQ is the decayed LFU counter and an error under the other policies (a
     * missing key is a null reply before either error, as in Redis).
     */
    static void object(Shard s, RespCommand c, Reply r) {
        if (c.argIs(1, "HELP")) {
            r.array(OBJECT_HELP.length);
            for (String l : OBJECT_HELP) {
                r.simple(l);
            }
            return;
        }
        if (c.argCount() != 3) {
            r.error("ERR unknown subcommand or wrong number of arguments for '" + c.argString(1) + "'. Try OBJECT HELP.");
            return;
        }
        Keyspace ks = s.keyspace();
        MemorySegment key = c.segment(2);
        if (c.argIs(1, "IDLETIME")) {
            long idle = ks.idleTimeSeconds(key);
            if (idle < 0) {
                r.nullBulk();
            } else if (ks.evictionConfig().policy().lfu()) {
                r.error(IDLETIME_UNDER_LFU);
            } else {
                r.integer(idle);
            }
            return;
        }
        if (c.argIs(1, "FREQ")) {
            long freq = ks.lfuFrequency(key);
            if (freq < 0) {
                r.nullBulk();
            } else if (!ks.evictionConfig().policy().lfu()) {
                r.error(FREQ_WITHOUT_LFU);
            } else {
                r.integer(freq);
            }
            return;
        }
        long ref = ks.peek(key);
        if (c.argIs(1, "ENCODING")) {
            if (ref < 0) {
                r.nullBulk();
            } else {
                r.bulk(KeyspaceOps.encoding(ks, ref));
            }
        } else if (c.argIs(1, "REFCOUNT")) {
            if (ref < 0) {
                r.nullBulk();
            } else {
                r.integer(1);
            }
        } else {
            r.error("ERR unknown subcommand or wrong number of arguments for '" + c.argString(1) + "'. Try OBJECT HELP.");
        }
    }

    static final String IDLETIME_UNDER_LFU = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note"
            + " that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    static final String FREQ_WITHOUT_LFU = "ERR An LFU maxmemory policy is not selected, access frequency not tracked."
            + " Please note that when switching between policies at runtime LRU and LFU data will take some time to"
            + " adjust.";

    /** Redis 7.0's OBJECT HELP text. */
    private static final String[] OBJECT_HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help."};
}
