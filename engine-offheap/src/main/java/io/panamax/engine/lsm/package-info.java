/** The durable LSM store: off-heap memtable, WAL with group commit, SSTables, leveled compaction and recovery. */
package io.panamax.engine.lsm;
