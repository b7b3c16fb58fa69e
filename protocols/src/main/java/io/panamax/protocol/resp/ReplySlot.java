package io.panamax.protocol.resp;

import io.netty.buffer.ByteBuf;

/**
 * The place of one reply in a connection's reply order, filled later by a remote shard or an
 * {@link AsyncHandler}. Replies leave the connection strictly in request order.
 */
public final class ReplySlot {
    private final RespConnection connection;
    ByteBuf content;
    boolean done;

    ReplySlot(RespConnection connection) {
        this.connection = connection;
    }

    /** A writer over a fresh buffer for this slot's reply, in the connection's protocol. */
    public Reply reply() {
        if (content == null) {
            content = connection.allocator().directBuffer(64);
        }
        return new Reply().target(content, connection.protocol());
    }

    /** Marks the reply written (through {@link #reply()}); must be called on the connection's loop. */
    public void complete() {
        if (content == null) {
            throw new IllegalStateException("slot completed without a reply");
        }
        done = true;
        connection.onSlotCompleted(this);
    }

    /** Convenience: complete with an error reply {@code text} (with its Redis prefix). */
    public void completeWithError(String text) {
        reply().error(text);
        complete();
    }

    void fill(ByteBuf buf) {
        content = buf;
        done = true;
    }
}
