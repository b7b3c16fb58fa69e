/** Benchmark matrices: the seeds' rows, expanded and scaled to the machine at hand. */
package io.panamax.lab.matrix;
