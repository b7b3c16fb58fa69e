package io.panamax.protocol.resp;

import java.util.function.Consumer;
import java.util.function.Function;

/** What command handlers may see of their connection: protocol, identity, shards. */
public interface RespSession {
    /** Negotiated protocol, 2 or 3. */
    int protocol();

    void protocol(int version);

    long clientId();

    String clientName();

    void clientName(String name);

    /** Closes the connection once the replies so far are written (QUIT, CLIENT KILL of self). */
    void closeAfterReplies();

    /** The server this connection belongs to. */
    RespServer server();

    /** Index of the shard whose loop serves this connection. */
    int localShard();

    /** The shard state of this connection's own loop (on the loop thread only). */
    Shard localShardState();

    /**
     * Runs {@code work} on {@code shard}'s thread, in order with every other command this connection
     * sent to that shard, then {@code then} on this connection's thread with the result. Runs both
     * at once when {@code shard} is the local shard. Once {@code slot} is done (an earlier part
     * failed and answered with an error), pending continuations for it are skipped.
     */
    <T> void onShard(ReplySlot slot, int shard, Function<Shard, T> work, Consumer<T> then);

    /** Shard owning {@code key}. */
    int shardOf(byte[] key);
}
