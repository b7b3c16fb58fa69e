/** {@code bin/panamax lab lsm}: db_bench-style workloads against the Panamax LSM store and RocksDB. */
package io.panamax.lab.lsm;
