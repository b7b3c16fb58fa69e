/** The command-line entry point and the wiring of shards, engines and protocol listeners. */
package io.panamax.server;
