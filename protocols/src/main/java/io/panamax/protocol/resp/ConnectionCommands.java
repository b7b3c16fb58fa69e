package io.panamax.protocol.resp;

/**
 * Connection commands: PING, ECHO, QUIT, HELLO, AUTH, SELECT, RESET, CLIENT. Replies follow the
 * Redis 7 command pages; there is no ACL, so AUTH answers as a Redis without requirepass does.
 */
final class ConnectionCommands {
    private ConnectionCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.local("ping", -1, "fast", "fast connection", ConnectionCommands::ping));
        t.register(CommandSpec.local("echo", 2, "fast", "fast connection", (s, c, r) -> r.bulk(c.buffer(), c.offset(1), c.length(1))));
        t.register(CommandSpec.local("quit", -1, "fast", "fast connection", (s, c, r) -> {
            r.ok();
            s.closeAfterReplies();
        }));
        t.register(CommandSpec.local("hello", -1, "fast", "fast connection", ConnectionCommands::hello));
        t.register(CommandSpec.local("auth", -2, "fast", "fast connection", ConnectionCommands::auth));
        t.register(CommandSpec.local("select", 2, "fast", "fast connection", ConnectionCommands::select));
        t.register(CommandSpec.local("reset", 1, "fast", "fast connection", (s, c, r) -> {
            s.protocol(2);
            s.clientName("");
            r.simple("RESET");
        }));
        t.register(CommandSpec.async("client", -2, "", 0, 0, 0, "slow connection", ClientCommand::client));
    }

    static void ping(RespSession s, RespCommand c, Reply r) {
        if (c.argCount() > 2) {
            r.error(RespErrors.wrongArity("ping"));
        } else if (c.argCount() == 2) {
            r.bulk(c.buffer(), c.offset(1), c.length(1));
        } else {
            r.simple("PONG");
        }
    }

    static void hello(RespSession s, RespCommand c, Reply r) {
        int version = s.protocol();
        int i = 1;
        if (c.argCount() >= 2) {
            if (!c.isLong(1)) {
                r.error("ERR Protocol version is not an integer or out of range");
                return;
            }
            long v = c.argLong(1);
            if (v != 2 && v != 3) {
                r.error("NOPROTO unsupported protocol version");
                return;
            }
            version = (int) v;
            i = 2;
        }
        String name = null;
        for (; i < c.argCount(); i++) {
            if (c.argIs(i, "AUTH") && i + 2 < c.argCount()) {
                i += 2; // no users or passwords are configured: any credentials are accepted, as Redis's default user
            } else if (c.argIs(i, "SETNAME") && i + 1 < c.argCount()) {
                name = c.argString(++i);
                if (!ClientCommand.validName(name)) {
                    r.error("ERR Client names cannot contain spaces, newlines or special characters.");
                    return;
                }
            } else {
                r.error("ERR Syntax error in HELLO option '" + c.argString(i) + "'");
                return;
            }
        }
        s.protocol(version);
        if (name != null) {
            s.clientName(name);
        }
        r.target(r.buffer(), version);
        r.map(7);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(RespServer.REDIS_VERSION);
        r.bulk("proto");
        r.integer(version);
        r.bulk("id");
        r.integer(s.clientId());
        r.bulk("mode");
        r.bulk("standalone");
        r.bulk("role");
        r.bulk("master");
        r.bulk("modules");
        r.array(0);
    }

    static void auth(RespSession s, RespCommand c, Reply r) {
        if (c.argCount() > 3) {
            r.raw(RespErrors.SYNTAX);
            return;
        }
        if (c.argCount() == 2) {
            r.error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
            return;
        }
        // AUTH user pass: the default user has no password, so any password authenticates "default".
        if (c.argIs(1, "default")) {
            r.ok();
        } else {
            r.error("WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    static void select(RespSession s, RespCommand c, Reply r) {
        if (!c.isLong(1)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        if (c.argLong(1) != 0) {
            r.error("ERR DB index is out of range");
            return;
        }
        r.ok();
    }
}
