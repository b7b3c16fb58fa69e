/** The REST key-value API (mkvss-compatible, port 8080) over Netty's HTTP/1.1 codec, backed by the durable LSM store. */
package io.panamax.protocol.http;
