/** Machine profiles: the seeds' machines with their matrices and published numbers, and the host at hand. */
package io.panamax.lab.hardware;
