/** The volume server: a Netty HTTP/1.1 file server (PUT, GET with ranges, HEAD, DELETE, JSON directory listings). */
package io.panamax.blobstore.volume;
