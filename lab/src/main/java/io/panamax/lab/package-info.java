/** The benchmark lab: matrices, load generators, reports and JMH benchmarks. */
package io.panamax.lab;
