package io.panamax.lab.load;

import java.io.IOException;

/**
 * One worker's HTTP/1.1 client session: at most one keep-alive connection per {@code host:port}, opened on first use
 * and reopened when the server closed it; one request at a time; redirects are never followed (the caller follows a
 * 302 itself, so the master's answer and the volume's are timed and checked separately). Not thread-safe: each
 * worker owns its session, which bounds the connections of a run to workers x hosts.
 */
public interface BlobHttp extends AutoCloseable {

    /**
     * Sends {@code method url} with {@code body} ({@code Content-Length} set; null = no body) and waits for the whole
     * response.
     *
     * @param url absolute {@code http://host:port/path} URL
     * @throws IOException when connecting fails, the connection closes before a response, or no response arrives in
     *     the session's timeout
     * @throws IllegalArgumentException when {@code url} is not an absolute {@code http://} URL
     */
    HttpReply send(String method, String url, byte[] body) throws IOException, InterruptedException;

    /** Closes every connection of the session. */
    @Override
    void close();
}
