package io.panamax.lab.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** RESP {@code SET key value} / {@code GET key} as arrays of bulk strings, like redis-benchmark sends them. */
public final class RespWorkload implements Workload {

    private static final byte[] SET_HEAD = "*3\r\n$3\r\nSET\r\n$16\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET_HEAD = "*2\r\n$3\r\nGET\r\n$16\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private final byte[] valueFrame;

    /** @param dataSize value size in bytes */
    public RespWorkload(int dataSize) {
        byte[] value = new byte[dataSize];
        Arrays.fill(value, (byte) 'x');
        byte[] head = ("\r\n$" + dataSize + "\r\n").getBytes(StandardCharsets.US_ASCII);
        valueFrame = new byte[head.length + dataSize + 2];
        System.arraycopy(head, 0, valueFrame, 0, head.length);
        System.arraycopy(value, 0, valueFrame, head.length, dataSize);
        valueFrame[valueFrame.length - 2] = '\r';
        valueFrame[valueFrame.length - 1] = '\n';
    }

    @Override
    public void encode(ByteBuf out, boolean set, long key) {
        if (set) {
            out.writeBytes(SET_HEAD);
            Workload.writeKey(out, key);
            out.writeBytes(valueFrame);
        } else {
            out.writeBytes(GET_HEAD);
            Workload.writeKey(out, key);
            out.writeBytes(CRLF);
        }
    }

    @Override
    public ReplyScanner newScanner() {
        return new RespReplyScanner();
    }
}
