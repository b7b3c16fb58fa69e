package io.panamax.lab.load;

/**
 * One whole HTTP/1.1 response as the blob load generators see it.
 *
 * @param status status code ({@code 201}, {@code 302}, …)
 * @param location the {@code Location} header, or null when absent
 * @param body the whole body (empty, never null)
 * @param keepAlive false when the server closes the connection after this response ({@code Connection: close} or
 *     HTTP/1.0 without keep-alive): the next request to that host opens a new connection
 */
public record HttpReply(int status, String location, byte[] body, boolean keepAlive) {

    public HttpReply {
        body = body == null ? new byte[0] : body;
    }
}
