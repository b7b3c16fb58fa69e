package io.panamax.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Writes RESP replies into a {@link ByteBuf}, in RESP2 or RESP3 as the connection negotiated with
 * {@code HELLO}. Types RESP2 lacks are mapped as Redis maps them: map → flat array, set → array,
 * double → bulk string, boolean → integer, null → {@code $-1} or {@code *-1}.
 *
 * <p>One instance per writer thread, re-pointed at a buffer with {@link #target}. Source: RESP3
 * specification (github.com/redis/redis-specifications, protocol/RESP3.md).
 */
public final class Reply {
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY2 = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTEGERS = new byte[64][];

    static {
        for (int i = 0; i < SMALL_INTEGERS.length; i++) {
            SMALL_INTEGERS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private ByteBuf out;
    private int protocol = 2;

    /** Points this writer at {@code buffer}, writing protocol {@code protocol} (2 or 3). */
    public Reply target(ByteBuf buffer, int protocol) {
        this.out = buffer;
        this.protocol = protocol;
        return this;
    }

    public ByteBuf buffer() {
        return out;
    }

    /** 2 or 3. */
    public int protocol() {
        return protocol;
    }

    public void ok() {
        out.writeBytes(OK);
    }

    /** A simple string reply {@code +text}; {@code text} must not contain CR or LF. */
    public void simple(String text) {
        out.writeByte('+');
        ByteBufUtil.writeAscii(out, text);
        out.writeBytes(CRLF);
    }

    /** An error reply {@code -text}: {@code text} starts with Redis's prefix (ERR, WRONGTYPE, …). */
    public void error(String text) {
        out.writeByte('-');
        ByteBufUtil.writeUtf8(out, text.replace('\r', ' ').replace('\n', ' '));
        out.writeBytes(CRLF);
    }

    /** An error reply from pre-encoded bytes (see {@link RespErrors}). */
    public void raw(byte[] encoded) {
        out.writeBytes(encoded);
    }

    public void integer(long value) {
        if (value >= 0 && value < SMALL_INTEGERS.length) {
            out.writeBytes(SMALL_INTEGERS[(int) value]);
            return;
        }
        out.writeByte(':');
        writeDecimal(value);
        out.writeBytes(CRLF);
    }

    public void bulk(byte[] bytes) {
        header('$', bytes.length);
        out.writeBytes(bytes);
        out.writeBytes(CRLF);
    }

    /** A bulk string of UTF-8 text. */
    public void bulk(String text) {
        bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string copied from {@code segment[offset, offset+length)}. */
    public void bulk(MemorySegment segment, long offset, int length) {
        header('$', length);
        copy(segment, offset, length);
        out.writeBytes(CRLF);
    }

    /** A bulk string copied from {@code buf[offset, offset+length)}. */
    public void bulk(ByteBuf buf, int offset, int length) {
        header('$', length);
        out.writeBytes(buf, offset, length);
        out.writeBytes(CRLF);
    }

    /** Null bulk string: {@code $-1} in RESP2, {@code _} in RESP3. */
    public void nullBulk() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_BULK2);
    }

    /** Null array: {@code *-1} in RESP2, {@code _} in RESP3. */
    public void nullArray() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY2);
    }

    public void array(int count) {
        header('*', count);
    }

    /** A map of {@code pairs} entries: {@code %n} in RESP3, an array of 2n elements in RESP2. */
    public void map(int pairs) {
        if (protocol == 3) {
            header('%', pairs);
        } else {
            header('*', pairs * 2);
        }
    }

    /** A set: {@code ~n} in RESP3, an array in RESP2. */
    public void set(int count) {
        header(protocol == 3 ? '~' : '*', count);
    }

    /** A double: {@code ,value} in RESP3, a bulk string in RESP2 (Redis's formatting). */
    public void doubleValue(double value) {
        String text = NumberParser.formatDouble(value);
        if (protocol == 3) {
            out.writeByte(',');
            ByteBufUtil.writeAscii(out, text);
            out.writeBytes(CRLF);
        } else {
            bulk(text);
        }
    }

    /**
     * A sorted set score as Redis 7.0 replies with it ({@code %.17g}, {@code inf}, {@code -inf}): a double in RESP3,
     * a bulk string in RESP2.
     */
    public void score(double value) {
        String text = NumberParser.formatScore(value);
        if (protocol == 3) {
            out.writeByte(',');
            ByteBufUtil.writeAscii(out, text);
            out.writeBytes(CRLF);
        } else {
            bulk(text);
        }
    }

    /** A boolean: {@code #t}/{@code #f} in RESP3, {@code :1}/{@code :0} in RESP2. */
    public void bool(boolean value) {
        if (protocol == 3) {
            out.writeBytes(value ? HASH_T : HASH_F);
        } else {
            integer(value ? 1 : 0);
        }
    }

    /** Verbatim text ({@code =len\r\ntxt:…}) in RESP3, a bulk string in RESP2 (as INFO replies). */
    public void verbatim(String text) {
        if (protocol == 3) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            header('=', bytes.length + 4);
            ByteBufUtil.writeAscii(out, "txt:");
            out.writeBytes(bytes);
            out.writeBytes(CRLF);
        } else {
            bulk(text);
        }
    }

    private static final byte[] HASH_T = "#t\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASH_F = "#f\r\n".getBytes(StandardCharsets.US_ASCII);

    private void header(char type, long count) {
        out.writeByte(type);
        writeDecimal(count);
        out.writeBytes(CRLF);
    }

    private void writeDecimal(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                ByteBufUtil.writeAscii(out, "-9223372036854775808");
                return;
            }
            out.writeByte('-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        out.ensureWritable(digits);
        int end = out.writerIndex() + digits;
        int i = end;
        do {
            out.setByte(--i, (int) ('0' + value % 10));
            value /= 10;
        } while (value != 0);
        out.writerIndex(end);
    }

    private void copy(MemorySegment segment, long offset, int length) {
        out.ensureWritable(length);
        int wi = out.writerIndex();
        if (out.hasMemoryAddress()) {
            MemorySegment dst = MemorySegment.ofAddress(out.memoryAddress() + wi).reinterpret(length);
            MemorySegment.copy(segment, offset, dst, 0, length);
        } else if (out.hasArray()) {
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, out.array(), out.arrayOffset() + wi, length);
        } else {
            out.setBytes(wi, segment.asSlice(offset, length).asByteBuffer());
        }
        out.writerIndex(wi + length);
    }
}
