package io.panamax.lab.load;

/**
 * What the lab's load generator sends.
 *
 * @param host server host
 * @param port server port
 * @param protocol {@code resp} or {@code cache}
 * @param connections connections, spread over the threads
 * @param pipeline closed loop: requests in flight per connection; ignored in open loop
 * @param threads event-loop threads
 * @param requests requests to send in total
 * @param rate open loop: requests per second over all connections; 0 = closed loop
 * @param setRatio fraction of SETs (1 = SET only, 0 = GET only)
 * @param dataSize SET value size in bytes
 * @param keyspace keys are drawn uniformly from [0, keyspace); at most 1 means always key 0
 * @param sequentialKeys keys 0, 1, 2… instead of random (preloading)
 * @param test name of the test in results ({@code SET}, {@code GET}, {@code MIX})
 */
public record LoadSpec(
        String host,
        int port,
        String protocol,
        int connections,
        int pipeline,
        int threads,
        long requests,
        int rate,
        double setRatio,
        int dataSize,
        long keyspace,
        boolean sequentialKeys,
        String test) {

    public LoadSpec {
        if (connections < 1 || pipeline < 1 || threads < 1 || requests < 1 || rate < 0) {
            throw new IllegalArgumentException("bad load spec connections=" + connections + " pipeline=" + pipeline
                    + " threads=" + threads + " requests=" + requests + " rate=" + rate);
        }
    }

    public boolean openLoop() {
        return rate > 0;
    }

    /** Human summary, e.g. {@code closed loop, 50 connections x pipeline 16, 2 threads, GET, 1000000 requests}. */
    public String describe() {
        String loop = openLoop() ? "open loop at " + rate + " req/s (latency from intended start)" : "closed loop";
        return loop + ", " + connections + " connections" + (openLoop() ? "" : " x pipeline " + pipeline) + ", "
                + threads + " threads, " + test + " (set ratio " + setRatio + "), " + requests + " requests, "
                + dataSize + " B values, keyspace " + keyspace + ", protocol " + protocol;
    }
}
