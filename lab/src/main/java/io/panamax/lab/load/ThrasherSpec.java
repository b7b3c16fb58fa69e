package io.panamax.lab.load;

/**
 * Who a blob load generator drives and with how much concurrency.
 *
 * @param host the master's host ({@code 127.0.0.1})
 * @param port the master's port
 * @param workers closed-loop workers, each with one request in flight (minikeyvalue's thrasher: 16)
 * @param threads Netty event-loop threads of the client (the load generator's CPUs)
 * @param seed random seed of the keys and values (each worker derives its own, {@link BlobKeys#workerSeed})
 */
public record ThrasherSpec(String host, int port, int workers, int threads, long seed) {

    /** Response timeout of every request, milliseconds. */
    public static final long REQUEST_TIMEOUT_MS = 30_000;

    public ThrasherSpec {
        if (workers < 1 || threads < 1 || port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad thrasher spec workers=" + workers + " threads=" + threads
                    + " port=" + port);
        }
    }

    /** {@code http://host:port}, the prefix of every key's URL. */
    public String masterUrl() {
        return "http://" + host + ":" + port;
    }
}
