package io.panamax.engine.lsm;

/**
 * An I/O failure, a closed store or a misuse of the store API. Unchecked: a storage engine cannot recover from these
 * on the caller's behalf, and callers that can (a server replying with an error) catch this one type.
 */
public class StoreException extends RuntimeException {
    /** Creates an exception with a message naming the operation and, where known, the file. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates an exception with a message naming the operation and, where known, the file. */
    public StoreException(String message) {
        super(message);
    }
}
