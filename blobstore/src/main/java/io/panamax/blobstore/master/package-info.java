/** The blob master: minikeyvalue's HTTP API over the LSM index, redirecting reads and streaming writes to volumes. */
package io.panamax.blobstore.master;
