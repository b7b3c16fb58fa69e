/** The blob store shared by master, volume server and tools: placement, volume paths, index records, the index. */
package io.panamax.blobstore;
