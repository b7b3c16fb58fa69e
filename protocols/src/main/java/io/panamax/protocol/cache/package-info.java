/** The KV-Cache JSON protocol (port 7171): framing, request decoding, reply encoding and shard execution. */
package io.panamax.protocol.cache;
