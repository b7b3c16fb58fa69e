/** Off-heap memory management for one shard: a slab allocator carving size-classed records out of arena-backed pages. */
package io.panamax.engine.memory;
