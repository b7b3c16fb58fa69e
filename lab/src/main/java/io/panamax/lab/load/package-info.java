/** Load tools: redis-benchmark command lines and output parsing, and the lab's own Netty load generators. */
package io.panamax.lab.load;
