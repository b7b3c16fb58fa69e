package io.panamax.protocol.resp;

import java.util.ArrayList;
import java.util.List;

/** CLIENT ID|SETNAME|GETNAME|LIST|INFO|KILL|UNBLOCK|SETINFO|NO-EVICT|NO-TOUCH|HELP (Redis 7 command pages). */
final class ClientCommand {
    private ClientCommand() {}

    static boolean validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '!' || ch > '~') {
                return false;
            }
        }
        return true;
    }

    static boolean client(RespSession s, RespCommand c, ReplySlot slot) {
        Reply r = slot.reply();
        RespConnection self = s.server().client(s.clientId());
        String sub = c.argString(1).toUpperCase(java.util.Locale.ROOT);
        int argc = c.argCount();
        switch (sub) {
            case "ID" -> r.integer(s.clientId());
            case "SETNAME" -> {
                if (argc != 3) {
                    r.error(RespErrors.wrongArity("client|setname"));
                } else if (!validName(c.argString(2))) {
                    r.error("ERR Client names cannot contain spaces, newlines or special characters.");
                } else {
                    s.clientName(c.argString(2));
                    r.ok();
                }
            }
            case "GETNAME" -> {
                if (s.clientName().isEmpty()) {
                    r.nullBulk();
                } else {
                    r.bulk(s.clientName());
                }
            }
            case "SETINFO" -> {
                if (argc != 4) {
                    r.error(RespErrors.wrongArity("client|setinfo"));
                } else if (!c.argIs(2, "LIB-NAME") && !c.argIs(2, "LIB-VER")) {
                    r.error("ERR Unrecognized option '" + c.argString(2) + "'");
                } else {
                    r.ok();
                }
            }
            case "NO-EVICT", "NO-TOUCH" -> {
                if (argc == 3 && (c.argIs(2, "ON") || c.argIs(2, "OFF"))) {
                    r.ok();
                } else {
                    r.raw(RespErrors.SYNTAX);
                }
            }
            case "INFO" -> r.verbatim((self == null ? "" : self.describe()) + "\n");
            case "LIST" -> {
                StringBuilder sb = new StringBuilder();
                for (RespConnection conn : s.server().clients()) {
                    sb.append(conn.describe()).append('\n');
                }
                r.verbatim(sb.toString());
            }
            case "KILL" -> kill(s, c, r);
            case "UNBLOCK" -> BlockingCommands.unblock(s, c, r);
            case "HELP" -> {
                List<String> lines = new ArrayList<>(List.of(
                        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                        "ID", "GETNAME", "SETNAME <name>", "LIST", "INFO", "KILL <ip:port> | ID <id> | ADDR <ip:port>",
                        "SETINFO <LIB-NAME|LIB-VER> <value>", "UNBLOCK <clientid> [TIMEOUT|ERROR]", "HELP"));
                r.array(lines.size());
                lines.forEach(r::simple);
            }
            default -> r.error("ERR unknown subcommand '" + c.argString(1) + "'. Try CLIENT HELP.");
        }
        slot.complete();
        return false;
    }

    private static void kill(RespSession s, RespCommand c, Reply r) {
        int argc = c.argCount();
        if (argc == 3) {
            String addr = c.argString(2);
            RespConnection victim = byAddr(s, addr);
            if (victim == null) {
                r.error("ERR No such client");
                return;
            }
            killOne(s, victim);
            r.ok();
            return;
        }
        if (argc < 4 || argc % 2 != 0) {
            r.raw(RespErrors.SYNTAX);
            return;
        }
        int killed = 0;
        for (int i = 2; i < argc; i += 2) {
            if (c.argIs(i, "ID")) {
                if (!c.isLong(i + 1)) {
                    r.error("ERR client-id should be greater than 0");
                    return;
                }
                RespConnection victim = s.server().client(c.argLong(i + 1));
                if (victim != null) {
                    killOne(s, victim);
                    killed++;
                }
            } else if (c.argIs(i, "ADDR")) {
                RespConnection victim = byAddr(s, c.argString(i + 1));
                if (victim != null) {
                    killOne(s, victim);
                    killed++;
                }
            } else if (c.argIs(i, "SKIPME") || c.argIs(i, "TYPE") || c.argIs(i, "USER") || c.argIs(i, "LADDR")) {
                continue;
            } else {
                r.raw(RespErrors.SYNTAX);
                return;
            }
        }
        r.integer(killed);
    }

    private static void killOne(RespSession s, RespConnection victim) {
        if (victim.clientId() == s.clientId()) {
            s.closeAfterReplies();
        } else {
            victim.kill();
        }
    }

    private static RespConnection byAddr(RespSession s, String addr) {
        for (RespConnection conn : s.server().clients()) {
            if (conn.describe().contains("addr=" + addr + " ")) {
                return conn;
            }
        }
        return null;
    }
}
