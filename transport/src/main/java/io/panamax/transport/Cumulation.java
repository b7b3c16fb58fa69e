package io.panamax.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Accumulates a connection's unparsed input across reads without ever writing into a buffer that
 * someone else still reads: requests handed to another shard keep their input buffer retained
 * (reference count above 1) and point into it, so such a buffer is copied into a new one instead of
 * being appended to or compacted. Growth at least doubles, so a 512 MiB bulk string arriving in
 * small reads is copied O(log n) times, not once per read.
 */
public final class Cumulation {
    private Cumulation() {}

    /**
     * Appends {@code in} to {@code cumulation} (either may be released by this call).
     *
     * @param cumulation the bytes not parsed yet, or null
     * @return the buffer now holding the unparsed bytes followed by {@code in}
     */
    public static ByteBuf append(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (cumulation == null) {
            return in;
        }
        int incoming = in.readableBytes();
        if (cumulation.refCnt() == 1 && cumulation.writableBytes() >= incoming) {
            cumulation.writeBytes(in);
            in.release();
            return cumulation;
        }
        int required = cumulation.readableBytes() + incoming;
        int capacity = Math.max(required, (int) Math.min(Integer.MAX_VALUE - 8, 2L * cumulation.readableBytes()));
        ByteBuf grown = alloc.directBuffer(capacity);
        grown.writeBytes(cumulation, cumulation.readerIndex(), cumulation.readableBytes());
        grown.writeBytes(in);
        cumulation.release();
        in.release();
        return grown;
    }
}
