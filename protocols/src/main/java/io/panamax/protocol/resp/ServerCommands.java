package io.panamax.protocol.resp;

import java.util.List;
import java.util.Map;

/** Server commands: COMMAND, CONFIG, INFO, TIME, SHUTDOWN (Redis 7 command pages). */
final class ServerCommands {
    private ServerCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.local("command", -1, "loading stale", "slow connection", ServerCommands::command));
        t.register(CommandSpec.local("config", -2, "admin noscript loading stale", "admin slow dangerous", ServerCommands::config));
        t.register(CommandSpec.async("info", -1, "loading stale", 0, 0, 0, "slow dangerous", InfoCommand::info));
        t.register(CommandSpec.local("time", 1, "loading stale fast", "fast", ServerCommands::time));
        t.register(CommandSpec.local("shutdown", -1, "admin noscript loading stale", "admin slow dangerous", ServerCommands::shutdown));
    }

    static void command(RespSession s, RespCommand c, Reply r) {
        CommandTable table = s.server().commands();
        if (c.argCount() == 1) {
            r.array(table.all().size());
            table.all().forEach(spec -> commandInfo(spec, r));
            return;
        }
        if (c.argIs(1, "COUNT") && c.argCount() == 2) {
            r.integer(table.all().size());
        } else if (c.argIs(1, "LIST") && c.argCount() == 2) {
            r.array(table.all().size());
            table.all().forEach(spec -> r.bulk(spec.name()));
        } else if (c.argIs(1, "INFO")) {
            List<CommandSpec> specs = c.argCount() == 2 ? table.all() : null;
            if (specs != null) {
                r.array(specs.size());
                specs.forEach(spec -> commandInfo(spec, r));
                return;
            }
            r.array(c.argCount() - 2);
            for (int i = 2; i < c.argCount(); i++) {
                CommandSpec spec = table.lookup(c.argString(i));
                if (spec == null) {
                    r.nullArray();
                } else {
                    commandInfo(spec, r);
                }
            }
        } else if (c.argIs(1, "DOCS")) {
            // Docs are optional (redis-cli only uses them for hints): every known command maps to an empty doc.
            int start = 2;
            List<CommandSpec> specs = new java.util.ArrayList<>();
            if (c.argCount() == 2) {
                specs.addAll(table.all());
            } else {
                for (int i = start; i < c.argCount(); i++) {
                    CommandSpec spec = table.lookup(c.argString(i));
                    if (spec != null) {
                        specs.add(spec);
                    }
                }
            }
            r.map(specs.size());
            for (CommandSpec spec : specs) {
                r.bulk(spec.name());
                r.map(0);
            }
        } else if (c.argIs(1, "HELP")) {
            String[] lines = {"COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "(no subcommand)", "COUNT", "DOCS [<command-name> ...]", "INFO [<command-name> ...]", "LIST", "HELP"};
            r.array(lines.length);
            for (String l : lines) {
                r.simple(l);
            }
        } else {
            r.error("ERR unknown subcommand or wrong number of arguments for '" + c.argString(1) + "'. Try COMMAND HELP.");
        }
    }

    /** One COMMAND reply entry: name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands. */
    private static void commandInfo(CommandSpec spec, Reply r) {
        r.array(10);
        r.bulk(spec.name());
        r.integer(spec.arity());
        r.set(spec.flags().size());
        spec.flags().forEach(r::simple);
        r.integer(spec.firstKey());
        r.integer(spec.lastKey());
        r.integer(spec.step());
        r.set(spec.categories().size());
        spec.categories().forEach(cat -> r.simple("@" + cat));
        r.array(0);
        r.array(0);
        r.array(0);
    }

    static void config(RespSession s, RespCommand c, Reply r) {
        ServerSettings settings = s.server().settings();
        if (c.argIs(1, "GET")) {
            if (c.argCount() < 3) {
                r.error(RespErrors.wrongArity("config|get"));
                return;
            }
            Map<String, String> found = new java.util.LinkedHashMap<>();
            for (int i = 2; i < c.argCount(); i++) {
                found.putAll(settings.matching(c.argString(i)));
            }
            r.map(found.size());
            found.forEach((k, v) -> {
                r.bulk(k);
                r.bulk(v);
            });
        } else if (c.argIs(1, "SET")) {
            if (c.argCount() < 4 || c.argCount() % 2 != 0) {
                r.error(RespErrors.wrongArity("config|set"));
                return;
            }
            for (int i = 2; i < c.argCount(); i += 2) {
                String error = settings.set(c.argString(i), c.argString(i + 1));
                if (error != null) {
                    r.error(error);
                    return;
                }
            }
            r.ok();
        } else if (c.argIs(1, "RESETSTAT") && c.argCount() == 2) {
            r.ok();
        } else if (c.argIs(1, "REWRITE") && c.argCount() == 2) {
            r.error("ERR The server is running without a config file");
        } else {
            r.error("ERR unknown subcommand or wrong number of arguments for '" + c.argString(1) + "'. Try CONFIG HELP.");
        }
    }

    static void time(RespSession s, RespCommand c, Reply r) {
        java.time.Instant now = java.time.Instant.now();
        r.array(2);
        r.bulk(Long.toString(now.getEpochSecond()));
        r.bulk(Long.toString(now.getNano() / 1000));
    }

    static void shutdown(RespSession s, RespCommand c, Reply r) {
        for (int i = 1; i < c.argCount(); i++) {
            if (c.argIs(i, "ABORT")) {
                r.error("ERR No shutdown in progress.");
                return;
            }
            if (!c.argIs(i, "NOSAVE") && !c.argIs(i, "SAVE") && !c.argIs(i, "NOW") && !c.argIs(i, "FORCE")) {
                r.raw(RespErrors.SYNTAX);
                return;
            }
        }
        // As Redis: no reply on success, the connection closes as the server stops.
        s.server().requestShutdown();
    }
}
