package io.panamax.protocol.resp;

/** How a command is executed, which decides where it runs. */
public enum CommandKind {
    /** Touches one key's data: runs on the shard owning the hash slot of its first key. */
    KEYED,
    /** Touches only the connection or server-wide state: runs on the connection's own loop. */
    LOCAL,
    /** Touches several shards (multi-key, keyspace-wide): scatter-gather, completes later. */
    ASYNC
}
