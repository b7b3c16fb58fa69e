/** The per-shard in-memory keyspace: an incrementally grown off-heap hash table over slab-allocated records with TTL. */
package io.panamax.engine.keyspace;
