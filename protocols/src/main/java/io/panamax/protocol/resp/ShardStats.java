package io.panamax.protocol.resp;

/** Counters of one shard at one moment, for INFO; memory in bytes. */
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
        long errorsHandled) {}
