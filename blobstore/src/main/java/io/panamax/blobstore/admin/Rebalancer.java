package io.panamax.blobstore.admin;

import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.IndexRecord;
import io.panamax.blobstore.Placement;
import io.panamax.blobstore.VolumePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves one key onto its current placement, as Go minikeyvalue's {@code rebalance}: finds the replicas that really
 * have the file (HEAD 200), copies it from the first of them to each placement volume that lacks it (verifying the
 * MD5 against the index when the record has one), stores the record with the placement as its replicas (hash
 * kept), then deletes the file from the volumes outside the placement. Unlike Go it reports a failed delete as a
 * failure (Go returned success exactly when a delete failed) and never touches unlinked records. Thread-safe; the
 * caller holds the key's write lock when a master is running.
 */
public final class Rebalancer {
    private final Placement placement;
    private final VolumeHttp http;
    private final BlobIndex index;

    public Rebalancer(Placement placement, VolumeHttp http, BlobIndex index) {
        this.placement = placement;
        this.http = http;
        this.index = index;
    }

    /**
     * The outcome for one key.
     *
     * @param ok the key is on its placement and the index says so (true also when nothing had to move)
     * @param moved files were copied or deleted, or the record's replica list changed
     * @param message what went wrong, or what was done
     */
    public record Result(boolean ok, boolean moved, String message) {}

    /** Rebalances {@code key} whose current record is {@code rec} (live). Blocking. */
    public Result rebalance(byte[] key, IndexRecord rec) {
        if (rec.unlinked()) {
            return new Result(false, false, "unlinked");
        }
        String path = VolumePath.of(key);
        List<String> target = placement.volumesFor(key);
        List<String> real = new ArrayList<>();
        for (String v : rec.volumes()) {
            if (http.head("http://" + v + path) == 200) {
                real.add(v);
            }
        }
        if (real.isEmpty()) {
            return new Result(false, false, "no replica has the file: " + rec.volumes());
        }
        if (real.equals(target) && rec.volumes().equals(target)) {
            return new Result(true, false, "balanced");
        }
        String from = "http://" + real.getFirst() + path;
        for (String v : target) {
            if (!real.contains(v)) {
                try {
                    http.copy(from, "http://" + v + path, rec.md5());
                } catch (IOException e) {
                    return new Result(false, false, e.getMessage());
                }
            }
        }
        index.put(key, IndexRecord.live(rec.md5(), target));
        List<String> failedDeletes = new ArrayList<>();
        for (String v : real) {
            if (!target.contains(v)) {
                int status = http.delete("http://" + v + path);
                if (status != 204 && status != 404) {
                    failedDeletes.add(v + " (" + status + ")");
                }
            }
        }
        if (!failedDeletes.isEmpty()) {
            return new Result(false, true, "moved to " + target + ", but delete failed on " + failedDeletes);
        }
        return new Result(true, true, "moved from " + real + " to " + target);
    }
}
