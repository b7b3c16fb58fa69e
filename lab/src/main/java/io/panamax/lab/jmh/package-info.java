/** JMH microbenchmarks of the keyspace and the RESP decoder, run by {@code bin/panamax lab jmh}. */
package io.panamax.lab.jmh;
