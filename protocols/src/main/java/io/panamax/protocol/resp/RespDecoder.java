package io.panamax.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;

/**
 * Incremental RESP request decoder: arrays of bulk strings ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n})
 * and inline commands ({@code GET k\r\n}, split as redis-cli splits, quotes honoured).
 *
 * <p>{@link #decode(ByteBuf)} parses one complete request starting at the reader index. A request
 * not yet complete leaves the reader index where it was and returns {@code null}; the caller calls
 * again when more bytes arrived. Bulk strings are not copied: the returned {@link RespCommand}
 * points into the given buffer, and for arrays it is one object re-pointed at each request decoded,
 * so a caller that keeps a command past the next {@code decode} call keeps {@link
 * RespCommand#detach()} of it. Nothing is allocated for an announced length before its bytes have
 * arrived, so a huge announced count or length costs nothing.
 *
 * <p>Source: RESP protocol spec (redis.io/docs/reference/protocol-spec), "Sending commands to a
 * Redis server" and "Inline commands"; error texts from Redis 7 {@code networking.c}.
 */
public final class RespDecoder {
    /** Returned for a request that carries no command (empty inline line, {@code *0}, {@code *-1}). */
    public static final RespCommand EMPTY = new RespCommand(Unpooled.EMPTY_BUFFER, new int[0], new int[0], 0);

    private final RespLimits limits;
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private final RespCommand current = RespCommand.reusable();

    public RespDecoder(RespLimits limits) {
        this.limits = limits;
    }

    /**
     * Decodes one request from {@code in}.
     *
     * @return the command (reader index moved past it), {@link #EMPTY} for a request without a
     *     command, or {@code null} when more bytes are needed (reader index unchanged)
     * @throws RespProtocolException on malformed framing or a passed limit
     */
    public RespCommand decode(ByteBuf in) throws RespProtocolException {
        if (!in.isReadable()) {
            return null;
        }
        return in.getByte(in.readerIndex()) == '*' ? decodeMultibulk(in) : decodeInline(in);
    }

    private RespCommand decodeMultibulk(ByteBuf in) throws RespProtocolException {
        int start = in.readerIndex();
        int end = in.writerIndex();
        long header = parseHeaderNumber(in, start + 1, end);
        if (header == NEED_MORE) {
            if (end - start > limits.maxInlineBytes()) {
                throw new RespProtocolException("too big mbulk count string");
            }
            return null;
        }
        if (header == INVALID) {
            throw new RespProtocolException("invalid multibulk length");
        }
        int pos = headerEnd;
        long count = headerValue;
        if (count <= 0) {
            if (count < -1) {
                throw new RespProtocolException("invalid multibulk length");
            }
            in.readerIndex(pos);
            return EMPTY;
        }
        if (count > limits.maxMultibulkCount()) {
            throw new RespProtocolException("invalid multibulk length");
        }
        int argc = (int) count;
        for (int arg = 0; arg < argc; arg++) {
            if (pos >= end) {
                return null;
            }
            byte b = in.getByte(pos);
            if (b != '$') {
                throw new RespProtocolException("expected '$', got '" + printable(b) + "'");
            }
            header = parseHeaderNumber(in, pos + 1, end);
            if (header == NEED_MORE) {
                if (end - pos > limits.maxInlineBytes()) {
                    throw new RespProtocolException("too big bulk count string");
                }
                return null;
            }
            if (header == INVALID || headerValue < 0 || headerValue > limits.maxBulkBytes()) {
                throw new RespProtocolException("invalid bulk length");
            }
            int len = (int) headerValue;
            int dataStart = headerEnd;
            if ((long) end - dataStart < (long) len + 2) {
                return null;
            }
            if (in.getByte(dataStart + len) != '\r' || in.getByte(dataStart + len + 1) != '\n') {
                throw new RespProtocolException("invalid bulk format: bulk string not followed by CRLF");
            }
            ensureRoomFor(arg);
            offsets[arg] = dataStart;
            lengths[arg] = len;
            pos = dataStart + len + 2;
        }
        in.readerIndex(pos);
        current.reset(in, offsets, lengths, argc);
        return current;
    }

    private static final long NEED_MORE = -1;
    private static final long INVALID = -2;
    private long headerValue;
    private int headerEnd;

    /**
     * Parses a decimal number terminated by CRLF starting at {@code pos}. On success returns 0 and
     * sets {@link #headerValue} and {@link #headerEnd} (index after the LF).
     */
    private long parseHeaderNumber(ByteBuf in, int pos, int end) {
        int limit = Math.min(end, pos + 21);
        boolean negative = false;
        int i = pos;
        if (i < end && in.getByte(i) == '-') {
            negative = true;
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < limit) {
            byte b = in.getByte(i);
            if (b == '\r') {
                if (i + 1 >= end) {
                    return NEED_MORE;
                }
                if (in.getByte(i + 1) != '\n' || i == digitsStart) {
                    return INVALID;
                }
                headerValue = negative ? -value : value;
                headerEnd = i + 2;
                return 0;
            }
            if (b < '0' || b > '9' || i - digitsStart >= 18) {
                return INVALID; // 18 digits bound every legal count and length, so no overflow
            }
            value = value * 10 + (b - '0');
            i++;
        }
        return i < pos + 21 ? NEED_MORE : INVALID;
    }

    private RespCommand decodeInline(ByteBuf in) throws RespProtocolException {
        int start = in.readerIndex();
        int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            if (in.readableBytes() > limits.maxInlineBytes()) {
                throw new RespProtocolException("too big inline request");
            }
            return null;
        }
        if (newline - start > limits.maxInlineBytes()) {
            throw new RespProtocolException("too big inline request");
        }
        int lineEnd = newline;
        if (lineEnd > start && in.getByte(lineEnd - 1) == '\r') {
            lineEnd--;
        }
        if (in.indexOf(start, lineEnd, (byte) '"') < 0 && in.indexOf(start, lineEnd, (byte) '\'') < 0) {
            return splitPlainInline(in, start, lineEnd, newline + 1);
        }
        byte[] line = new byte[lineEnd - start];
        in.getBytes(start, line);
        in.readerIndex(newline + 1);
        byte[][] args = splitArgs(line);
        if (args == null) {
            throw new RespProtocolException("unbalanced quotes in request");
        }
        return args.length == 0 ? EMPTY : RespCommand.of(args);
    }

    /** Grows the argument range arrays so that index {@code arg} fits. */
    private void ensureRoomFor(int arg) {
        if (arg == offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, arg * 2);
            lengths = java.util.Arrays.copyOf(lengths, arg * 2);
        }
    }

    /**
     * An inline line without quotes (the common case: {@code PING}, {@code GET k}): the arguments are the runs of
     * non-whitespace bytes, held as ranges of {@code in} like a multibulk request's (no copy, no allocation).
     */
    private RespCommand splitPlainInline(ByteBuf in, int from, int to, int next) {
        int argc = 0;
        int i = from;
        while (true) {
            while (i < to && isSpace(in.getByte(i))) {
                i++;
            }
            if (i >= to) {
                break;
            }
            int tokenStart = i;
            while (i < to && !isSpace(in.getByte(i))) {
                i++;
            }
            ensureRoomFor(argc);
            offsets[argc] = tokenStart;
            lengths[argc] = i - tokenStart;
            argc++;
        }
        in.readerIndex(next);
        if (argc == 0) {
            return EMPTY;
        }
        current.reset(in, offsets, lengths, argc);
        return current;
    }

    /**
     * Splits an inline line the way redis-cli and Redis's {@code sdssplitargs} do: whitespace
     * separates arguments; "double quotes" support \n \r \t \b \a \\ \" and \xHH escapes; 'single
     * quotes' support \'; a closing quote must be followed by whitespace or the end.
     *
     * @return the arguments, or {@code null} for unbalanced quotes
     */
    static byte[][] splitArgs(byte[] line) {
        java.util.ArrayList<byte[]> args = new java.util.ArrayList<>();
        int i = 0;
        int n = line.length;
        while (true) {
            while (i < n && isSpace(line[i])) {
                i++;
            }
            if (i >= n) {
                return args.toArray(new byte[0][]);
            }
            ByteArrayOutputStream cur = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (inDouble) {
                    if (i >= n) {
                        return null;
                    }
                    byte c = line[i];
                    if (c == '\\' && i + 3 < n && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                        cur.write(Character.digit(line[i + 2], 16) * 16 + Character.digit(line[i + 3], 16));
                        i += 3;
                    } else if (c == '\\' && i + 1 < n) {
                        i++;
                        byte e = line[i];
                        cur.write(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> e;
                        });
                    } else if (c == '"') {
                        if (i + 1 < n && !isSpace(line[i + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else if (inSingle) {
                    if (i >= n) {
                        return null;
                    }
                    byte c = line[i];
                    if (c == '\\' && i + 1 < n && line[i + 1] == '\'') {
                        i++;
                        cur.write('\'');
                    } else if (c == '\'') {
                        if (i + 1 < n && !isSpace(line[i + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else {
                    if (i >= n) {
                        break;
                    }
                    byte c = line[i];
                    if (isSpace(c)) {
                        done = true;
                    } else if (c == '"') {
                        inDouble = true;
                    } else if (c == '\'') {
                        inSingle = true;
                    } else {
                        cur.write(c);
                    }
                }
                if (i < n) {
                    i++;
                }
            }
            args.add(cur.toByteArray());
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0x0B || b == '\f';
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xFF);
    }
}
