/** Index maintenance against live volumes: rebuild the index from volume listings, rebalance keys onto placement. */
package io.panamax.blobstore.admin;
