/** Netty transports (io_uring, epoll, NIO), thread-per-core shards and hash-slot routing. */
package io.panamax.transport;
