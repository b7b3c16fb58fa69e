package io.panamax.blobstore.master;

import io.panamax.blobstore.Placement;

/**
 * The master's settings, one per {@code panamax blob master} flag.
 *
 * @param placement volumes, replicas and subvolumes ({@code --volumes --replicas --subvolumes})
 * @param protect {@code --protect}: DELETE of a live key is 403, it must be UNLINKed first
 * @param fallback {@code --fallback host:port}: GET/HEAD of a missing key redirects there; null = 404
 * @param md5sum {@code --md5sum}: hash every PUT body and store the hash (Content-Md5 on GET)
 * @param volumeTimeoutMs {@code --voltimeout}: a volume must answer a HEAD (and accept a connection) this fast or
 *     counts as down
 * @param headCacheMs {@code --head-cache-ms}: how long a replica that answered HEAD 200 for a key is trusted for
 *     that key's GETs without asking again; 0 = HEAD before every redirect, as Go does
 */
public record MasterConfig(
        Placement placement, boolean protect, String fallback, boolean md5sum, long volumeTimeoutMs, long headCacheMs) {

    /** Validates; throws {@link IllegalArgumentException} naming the bad field. */
    public MasterConfig {
        if (volumeTimeoutMs <= 0) {
            throw new IllegalArgumentException("voltimeout=" + volumeTimeoutMs + "ms must be > 0");
        }
        if (headCacheMs < 0) {
            throw new IllegalArgumentException("head-cache-ms=" + headCacheMs + " must be >= 0");
        }
        if (fallback != null && (fallback.isEmpty() || fallback.contains("/"))) {
            throw new IllegalArgumentException("fallback=\"" + fallback + "\" must be host:port");
        }
    }
}
