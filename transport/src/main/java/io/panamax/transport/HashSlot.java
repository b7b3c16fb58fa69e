package io.panamax.transport;

import io.netty.buffer.ByteBuf;

/**
 * Redis Cluster hash slot of a key: {@code CRC16(key) mod 16384}, where CRC16 is CRC-16/XMODEM
 * (polynomial 0x1021, initial value 0) and only the part between the first {@code {} and the next
 * {@code }} is hashed when that part is non-empty (the "hash tag").
 *
 * <p>Source: Redis Cluster specification, "Keys distribution model" and "Hash tags".
 */
public final class HashSlot {
    /** Number of hash slots in a Redis cluster. */
    public static final int SLOT_COUNT = 16384;

    private static final int[] CRC16_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            CRC16_TABLE[i] = crc & 0xFFFF;
        }
    }

    private HashSlot() {}

    /**
     * Hash slot of the key held in {@code buf[offset, offset + length)}.
     *
     * @return a slot in {@code [0, 16384)}
     */
    public static int of(ByteBuf buf, int offset, int length) {
        int start = offset;
        int end = offset + length;
        int open = buf.indexOf(offset, end, (byte) '{');
        if (open >= 0) {
            int close = buf.indexOf(open + 1, end, (byte) '}');
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        int crc = 0;
        int i = start;
        // Eight bytes per bounds-checked read; the table steps then run on a register.
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = buf.getLongLE(i);
            for (int b = 0; b < Long.BYTES; b++, word >>>= 8) {
                crc = ((crc << 8) ^ CRC16_TABLE[((crc >>> 8) ^ (int) word) & 0xFF]) & 0xFFFF;
            }
        }
        for (; i < end; i++) {
            crc = ((crc << 8) ^ CRC16_TABLE[((crc >>> 8) ^ buf.getByte(i)) & 0xFF]) & 0xFFFF;
        }
        return crc & (SLOT_COUNT - 1);
    }

    /** Hash slot of {@code key}; see {@link #of(ByteBuf, int, int)}. */
    public static int of(byte[] key) {
        return of(io.netty.buffer.Unpooled.wrappedBuffer(key), 0, key.length);
    }
}
