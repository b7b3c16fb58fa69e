package io.panamax.protocol.resp;

/**
 * Starts a {@link CommandKind#ASYNC} command on the connection's loop thread. It sends work to
 * shards with {@link RespSession#onShard} and completes {@code slot} when every part has answered.
 * Arguments must be copied before the handler returns (the request buffer may be reused).
 */
@FunctionalInterface
public interface AsyncHandler {
    /**
     * @return true when the command is a barrier: the connection processes no further command until
     *     the slot is completed (for commands in several dependent phases, e.g. RENAME)
     */
    boolean start(RespSession session, RespCommand command, ReplySlot slot);
}
