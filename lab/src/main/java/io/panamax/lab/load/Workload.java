package io.panamax.lab.load;

import io.netty.buffer.ByteBuf;

/** Request encoding and reply scanning for one wire protocol. */
public interface Workload {

    /** Appends one request: a SET of {@code key} to the configured value when {@code set}, else a GET. */
    void encode(ByteBuf out, boolean set, long key);

    /** A fresh reply scanner for one connection. */
    ReplyScanner newScanner();

    /** Builds the workload for {@code protocol} ({@code resp} or {@code cache}) with values of {@code dataSize} bytes. */
    static Workload of(String protocol, int dataSize) {
        return switch (protocol) {
            case "resp" -> new RespWorkload(dataSize);
            case "cache" -> new CacheWorkload(dataSize);
            default -> throw new IllegalArgumentException("unknown protocol=" + protocol + ", expected resp or cache");
        };
    }

    /** Writes {@code key} as redis-benchmark does: {@code key:} then 12 zero-padded digits (16 bytes). */
    static void writeKey(ByteBuf out, long key) {
        out.writeBytes(KEY_PREFIX);
        long div = 100_000_000_000L;
        for (int i = 0; i < 12; i++) {
            out.writeByte((int) ('0' + (key / div) % 10));
            div /= 10;
        }
    }

    /** Bytes of {@code key:}. */
    byte[] KEY_PREFIX = {'k', 'e', 'y', ':'};

    /** Length of a key written by {@link #writeKey}. */
    int KEY_LENGTH = 16;
}
