package io.panamax.protocol.resp;

/**
 * Counters of one shard at one moment, for INFO; memory in bytes. Used memory includes the chunks of values waiting
 * for the lazy free ({@code lazyfreePendingObjects} of them), as Redis's {@code used_memory} does.
 */
public record ShardStats(
        int index,
        long keys,
        long expires,
        long usedMemoryBytes,
        long reservedMemoryBytes,
        long commandsProcessed,
        long keyspaceHits,
        long keyspaceMisses,
        long expiredKeys,
        long evictedKeys,
        long errorsHandled,
        long lazyfreePendingObjects,
        long lazyfreedObjects) {}
