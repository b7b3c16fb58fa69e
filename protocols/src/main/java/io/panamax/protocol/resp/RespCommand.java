package io.panamax.protocol.resp;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * One parsed request: an array of bulk-string arguments, held as (offset, length) ranges of the
 * buffer they arrived in (zero-copy). Valid only while that buffer is; commands that outlive their
 * read batch copy what they need ({@link #argBytes(int)}).
 */
public final class RespCommand {
    private ByteBuf buffer;
    private int[] offsets;
    private int[] lengths;
    private int argCount;
    private final boolean reusable;

    RespCommand(ByteBuf buffer, int[] offsets, int[] lengths, int argCount) {
        this(buffer, offsets, lengths, argCount, false);
    }

    private RespCommand(ByteBuf buffer, int[] offsets, int[] lengths, int argCount, boolean reusable) {
        this.buffer = buffer;
        this.offsets = offsets;
        this.lengths = lengths;
        this.argCount = argCount;
        this.reusable = reusable;
    }

    /** A command object the decoder re-points at every request it decodes (no allocation per request). */
    static RespCommand reusable() {
        return new RespCommand(null, null, null, 0, true);
    }

    void reset(ByteBuf buffer, int[] offsets, int[] lengths, int argCount) {
        this.buffer = buffer;
        this.offsets = offsets;
        this.lengths = lengths;
        this.argCount = argCount;
    }

    /**
     * This command as an object that stays valid after the next request is decoded: itself when it
     * was allocated for this request, a copy of the argument ranges (not of the bytes) when it is the
     * decoder's reusable instance. Needed before handing a command to another shard.
     */
    public RespCommand detach() {
        if (!reusable) {
            return this;
        }
        return new RespCommand(buffer, java.util.Arrays.copyOf(offsets, argCount), java.util.Arrays.copyOf(lengths, argCount), argCount);
    }

    /** Builds a command from literal arguments (tests, internal use). */
    public static RespCommand of(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return of(bytes);
    }

    /** Builds a command from literal argument bytes, copied into one heap buffer. */
    public static RespCommand of(byte[]... args) {
        int total = 0;
        for (byte[] a : args) {
            total += a.length;
        }
        ByteBuf buf = io.netty.buffer.Unpooled.buffer(total);
        int[] offsets = new int[args.length];
        int[] lengths = new int[args.length];
        for (int i = 0; i < args.length; i++) {
            offsets[i] = buf.writerIndex();
            lengths[i] = args[i].length;
            buf.writeBytes(args[i]);
        }
        return new RespCommand(buf, offsets, lengths, args.length);
    }

    public ByteBuf buffer() {
        return buffer;
    }

    /** Number of arguments, the command name included. */
    public int argCount() {
        return argCount;
    }

    public int offset(int index) {
        return offsets[index];
    }

    public int length(int index) {
        return lengths[index];
    }

    /** A {@link MemorySegment} view of argument {@code index}, valid while the buffer is. */
    public MemorySegment segment(int index) {
        int off = offsets[index];
        int len = lengths[index];
        if (buffer.hasMemoryAddress()) {
            return MemorySegment.ofAddress(buffer.memoryAddress() + off).reinterpret(len);
        }
        if (buffer.hasArray()) {
            return MemorySegment.ofArray(buffer.array()).asSlice(buffer.arrayOffset() + off, len);
        }
        return MemorySegment.ofArray(argBytes(index));
    }

    /** A copy of argument {@code index}. */
    public byte[] argBytes(int index) {
        byte[] bytes = new byte[lengths[index]];
        buffer.getBytes(offsets[index], bytes);
        return bytes;
    }

    /** Argument {@code index} decoded as UTF-8 (for names, options and error texts, not for data). */
    public String argString(int index) {
        return buffer.toString(offsets[index], lengths[index], StandardCharsets.UTF_8);
    }

    /** Whether argument {@code index} equals the ASCII {@code word}, ignoring case. */
    public boolean argIs(int index, String word) {
        int len = lengths[index];
        if (len != word.length()) {
            return false;
        }
        int off = offsets[index];
        for (int i = 0; i < len; i++) {
            int a = buffer.getByte(off + i);
            int b = word.charAt(i);
            if (a != b && (a | 0x20) != (b | 0x20)) {
                return false;
            }
            if (a != b && ((a | 0x20) < 'a' || (a | 0x20) > 'z')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Argument {@code index} parsed as a signed 64-bit decimal integer the way Redis's
     * {@code string2ll} does: optional '-', digits, no '+', no spaces, no leading zeros. Only
     * meaningful when {@link #isLong(int)} is true.
     */
    public long argLong(int index) {
        return NumberParser.parseLong(buffer, offsets[index], lengths[index]);
    }

    /** Whether argument {@code index} is a valid Redis integer (see {@link #argLong(int)}). */
    public boolean isLong(int index) {
        return NumberParser.isLong(buffer, offsets[index], lengths[index]);
    }

    /** Byte {@code i} of argument {@code index}. */
    public byte argByte(int index, int i) {
        return buffer.getByte(offsets[index] + i);
    }

    /** Copies argument {@code index} into {@code dst} at {@code dstOffset}. */
    public void copyArg(int index, MemorySegment dst, long dstOffset) {
        MemorySegment.copy(segment(index), 0, dst, dstOffset, lengths[index]);
    }
}
