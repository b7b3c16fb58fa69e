package io.panamax.protocol.resp;

import java.nio.charset.StandardCharsets;

/** Redis's error replies, pre-encoded with prefix and CRLF (texts from Redis 7 {@code server.c}). */
public final class RespErrors {
    private RespErrors() {}

    public static final byte[] WRONGTYPE = encode("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final byte[] NOT_INTEGER = encode("ERR value is not an integer or out of range");
    public static final byte[] NOT_FLOAT = encode("ERR value is not a valid float");
    public static final byte[] SYNTAX = encode("ERR syntax error");
    public static final byte[] OOM = encode("OOM command not allowed when used memory > 'maxmemory'.");
    public static final byte[] NO_SUCH_KEY = encode("ERR no such key");
    public static final byte[] OVERFLOW = encode("ERR increment or decrement would overflow");
    public static final byte[] STRING_TOO_LONG = encode("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    public static final byte[] OFFSET_OUT_OF_RANGE = encode("ERR offset is out of range");
    public static final byte[] INTERNAL = encode("ERR internal error while executing the command; see the server log");

    /** {@code -text\r\n}. */
    public static byte[] encode(String text) {
        return ("-" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code ERR wrong number of arguments for '<name>' command}. */
    public static String wrongArity(String name) {
        return "ERR wrong number of arguments for '" + name + "' command";
    }

    /** {@code ERR invalid expire time in '<name>' command}. */
    public static String invalidExpire(String name) {
        return "ERR invalid expire time in '" + name + "' command";
    }
}
