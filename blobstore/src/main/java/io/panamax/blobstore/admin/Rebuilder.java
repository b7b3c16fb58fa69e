package io.panamax.blobstore.admin;

import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.IndexRecord;
import io.panamax.blobstore.Placement;
import io.panamax.blobstore.VolumePath;
import io.panamax.engine.lsm.FsyncPolicy;
import io.panamax.engine.lsm.LsmConfig;
import io.panamax.engine.lsm.LsmIterator;
import io.panamax.engine.lsm.LsmStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code panamax blob rebuild}: makes the index say what the volumes hold, as Go minikeyvalue's {@code rebuild}.
 *
 * <ol>
 *   <li>Crawl: each volume's JSON listing; {@code svXX} directories if there are any (else the volume root), then
 *       two levels of two-hex-digit directories, then the files of each leaf, listed on a bounded worker pool. A
 *       file name is the base64 of its key; names that do not decode, or whose key's path is not where the file
 *       is, are skipped and counted. Findings (key → replicas) go to a scratch LSM store beside the index, so the
 *       crawl's memory does not grow with the number of keys.
 *   <li>Merge, in key order: replicas ordered placement first (then the others in volume-list order); the MD5
 *       kept from the old record, else recomputed by reading the first replica ({@code --md5sum}); a key whose old
 *       record is unlinked stays unlinked (Go resurrected every unlinked key as live).
 *   <li>Drop index records of keys found on no volume; delete the scratch store.
 * </ol>
 *
 * If any listing fails (a volume down), nothing is written: a rebuild from part of the volumes would drop the keys
 * of the missing ones.
 *
 * Runs with the master stopped (the index directory is locked by one process).
 */
public final class Rebuilder {
    private final Placement placement;
    private final VolumeHttp http;
    private final BlobIndex index;
    private final Path scratchDir;
    private final int workers;
    private final boolean md5sum;
    private final PrintStream out;
    private final AtomicLong dirs = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Object[] stripes = new Object[64];

    /**
     * @param scratchDir an empty or absent directory for the scratch store (deleted afterwards)
     * @param md5sum recompute missing MD5s by reading each such file once
     */
    public Rebuilder(Placement placement, VolumeHttp http, BlobIndex index, Path scratchDir, int workers,
            boolean md5sum, PrintStream out) {
        this.placement = placement;
        this.http = http;
        this.index = index;
        this.scratchDir = scratchDir;
        this.workers = workers;
        this.md5sum = md5sum;
        this.out = out;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Counts of a run.
     *
     * @param files files found on the volumes (one per replica)
     * @param keys records written
     * @param skipped files that are not blobs of this layout
     * @param failures listings that failed or MD5s that could not be computed (each printed)
     */
    public record Summary(long files, long keys, long skipped, long failures) {}

    /** Runs the rebuild; blocking. */
    public Summary run() throws IOException, InterruptedException {
        deleteTree(scratchDir);
        try (LsmStore scratch = LsmStore.open(scratchDir, LsmConfig.defaults().withFsyncPolicy(FsyncPolicy.NO));
                Progress progress = new Progress(out, () -> "rebuild: listed " + dirs.get() + " dirs, found "
                        + files.get() + " files (" + skipped.get() + " skipped), wrote " + written.get()
                        + " keys, " + failures.get() + " failures")) {
            try (WorkerPool pool = new WorkerPool(workers, "panamax-rebuild")) {
                for (String volume : placement.volumes()) {
                    crawlVolume(volume, scratch, pool);
                }
                pool.await();
                if (failures.get() > 0) { // a volume we could not read would lose its keys from the index
                    out.println("rebuild: " + failures.get() + " listings failed; the index is left unchanged");
                    return new Summary(files.get(), 0, skipped.get(), failures.get());
                }
                merge(scratch, pool);
                pool.await();
            }
            dropMissing(scratch);
        } finally {
            deleteTree(scratchDir);
        }
        return new Summary(files.get(), written.get(), skipped.get(), failures.get());
    }

    private void crawlVolume(String volume, LsmStore scratch, WorkerPool pool) throws InterruptedException {
        List<VolumeHttp.Entry> top = list("http://" + volume + "/");
        boolean hasSubvolumes = false;
        for (VolumeHttp.Entry e : top) {
            if (e.isDirectory() && e.name().length() >= 4 && e.name().startsWith("sv") && isHex(e.name().substring(2))) {
                hasSubvolumes = true;
                crawlTree(volume + "/" + e.name(), scratch, pool);
            }
        }
        if (!hasSubvolumes) {
            crawlTree(volume, scratch, pool);
        }
    }

    /** {@code replica} = host:port[/svXX]: lists xx/ then xx/yy/ and hands each leaf to the pool. */
    private void crawlTree(String replica, LsmStore scratch, WorkerPool pool) throws InterruptedException {
        for (VolumeHttp.Entry a : list("http://" + replica + "/")) {
            if (!isByteDir(a)) {
                continue;
            }
            for (VolumeHttp.Entry b : list("http://" + replica + "/" + a.name() + "/")) {
                if (!isByteDir(b)) {
                    continue;
                }
                String leaf = "/" + a.name() + "/" + b.name() + "/";
                pool.submit(() -> crawlLeaf(replica, leaf, scratch));
            }
        }
    }

    private void crawlLeaf(String replica, String leaf, LsmStore scratch) {
        for (VolumeHttp.Entry f : list("http://" + replica + leaf)) {
            if (!f.isFile()) {
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(f.name());
            } catch (IllegalArgumentException e) {
                skipped.incrementAndGet();
                continue;
            }
            if (key.length == 0 || !VolumePath.of(key).equals(leaf + f.name())) {
                skipped.incrementAndGet();
                continue;
            }
            files.incrementAndGet();
            synchronized (stripes[Math.floorMod(java.util.Arrays.hashCode(key), stripes.length)]) {
                byte[] prev = scratch.get(key);
                String joined = prev == null ? replica : new String(prev, StandardCharsets.UTF_8) + "," + replica;
                scratch.put(key, joined.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void merge(LsmStore scratch, WorkerPool pool) throws InterruptedException {
        try (LsmIterator it = scratch.iterator()) {
            while (it.next()) {
                byte[] key = it.keyBytes();
                List<String> found = List.of(new String(it.valueBytes(), StandardCharsets.UTF_8).split(","));
                pool.submit(() -> writeRecord(key, found));
            }
        }
    }

    private void writeRecord(byte[] key, List<String> found) {
        List<String> ordered = new ArrayList<>();
        for (String v : placement.volumesFor(key)) {
            if (found.contains(v)) {
                ordered.add(v);
            }
        }
        List<String> others = new ArrayList<>();
        for (String v : found) {
            if (!ordered.contains(v) && !others.contains(v)) {
                others.add(v);
            }
        }
        others.sort(Comparator.comparingInt(v -> placement.volumes().indexOf(hostPortOf(v))));
        ordered.addAll(others);
        IndexRecord old;
        try {
            old = index.get(key);
        } catch (IllegalArgumentException damaged) {
            old = null;
        }
        String md5 = old == null ? null : old.md5();
        if (md5 == null && md5sum) {
            try {
                md5 = http.md5("http://" + ordered.getFirst() + VolumePath.of(key));
            } catch (IOException e) {
                failures.incrementAndGet();
                out.println("rebuild: key=\"" + BlobIndex.keyText(key) + "\": MD5 not computed: " + e.getMessage());
            }
        }
        boolean unlinked = old != null && old.unlinked();
        index.put(key, new IndexRecord(unlinked, md5, ordered));
        written.incrementAndGet();
    }

    private void dropMissing(LsmStore scratch) {
        try (LsmIterator it = index.store().iterator()) {
            while (it.next()) {
                if (scratch.get(it.keyBytes()) == null) {
                    index.delete(it.keyBytes());
                }
            }
        }
    }

    private List<VolumeHttp.Entry> list(String url) {
        try {
            List<VolumeHttp.Entry> entries = http.list(url);
            dirs.incrementAndGet();
            return entries;
        } catch (IOException e) {
            failures.incrementAndGet();
            out.println("rebuild: cannot list " + url + ": " + e.getMessage());
            return List.of();
        }
    }

    private static String hostPortOf(String replica) {
        int slash = replica.indexOf('/');
        return slash < 0 ? replica : replica.substring(0, slash);
    }

    private static boolean isByteDir(VolumeHttp.Entry e) {
        return e.isDirectory() && e.name().length() == 2 && isHex(e.name());
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
