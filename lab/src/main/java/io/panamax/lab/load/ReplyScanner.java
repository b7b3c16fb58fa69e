package io.panamax.lab.load;

import io.netty.buffer.ByteBuf;

/** Finds complete replies in a connection's received bytes; one instance per connection. */
public interface ReplyScanner {

    /**
     * Consumes every complete reply at the buffer's reader index and returns how many there were; an incomplete
     * trailing reply is left unread for the next call.
     */
    int scan(ByteBuf in);

    /** Error replies seen so far. */
    long errors();
}
