package io.panamax.protocol.resp;

/**
 * Malformed framing or a passed limit. The message is Redis's text after {@code Protocol error: },
 * e.g. {@code invalid bulk length}; the connection replies with it and closes.
 */
public final class RespProtocolException extends Exception {
    public RespProtocolException(String message) {
        super(message, null, false, false);
    }

    /** The error reply line, without CRLF: {@code ERR Protocol error: <message>}. */
    public String replyText() {
        return "ERR Protocol error: " + getMessage();
    }
}
