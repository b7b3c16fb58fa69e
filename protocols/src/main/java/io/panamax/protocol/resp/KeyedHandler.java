package io.panamax.protocol.resp;

/** Executes a {@link CommandKind#KEYED} command on the shard that owns its key, on that shard's thread. */
@FunctionalInterface
public interface KeyedHandler {
    void execute(Shard shard, RespCommand command, Reply reply);
}
