package io.panamax.protocol.resp;

/** Executes a {@link CommandKind#LOCAL} command on the connection's own loop thread. */
@FunctionalInterface
public interface LocalHandler {
    void execute(RespSession session, RespCommand command, Reply reply);
}
