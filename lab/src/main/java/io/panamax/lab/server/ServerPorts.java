package io.panamax.lab.server;

/**
 * The listeners of one server under test, 0 where off.
 *
 * @param resp RESP port (0 for a server that does not speak RESP, such as nginx)
 * @param cache cache-protocol port (Panamax's {@code --cache-port})
 * @param http HTTP port (Panamax's REST {@code --http-port}, or nginx's {@code listen})
 */
public record ServerPorts(int resp, int cache, int http) {

    /** The port a load tool speaking {@code protocol} ({@code resp}, {@code cache}, {@code http}) connects to. */
    public int forProtocol(String protocol) {
        int p = switch (protocol) {
            case "resp" -> resp;
            case "cache" -> cache;
            case "http" -> http;
            default -> throw new IllegalArgumentException("unknown protocol=" + protocol);
        };
        if (p <= 0) {
            throw new IllegalStateException("no listener for protocol=" + protocol + " in " + this);
        }
        return p;
    }
}
