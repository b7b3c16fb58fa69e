/** Off-heap collection values (hashes, sets) stored in a shard's keyspace and its slab allocator. */
package io.panamax.engine.collection;
