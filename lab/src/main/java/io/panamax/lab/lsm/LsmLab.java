package io.panamax.lab.lsm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/panamax lab lsm}: runs db_bench's workloads (fillseq, fillrandom, overwrite, readrandom, readmissing,
 * readseq, seekrandom, deleterandom) against Panamax's LSM store and RocksDB in one run and prints ops/s, MB/s and
 * p50/p99/p99.9 latency (HdrHistogram) per workload. Keys are an 8-byte big-endian index followed by filler derived
 * from it (so sequential fills are sorted and long keys are not trivially prefix-compressible); values are
 * pseudo-random bytes.
 */
@Command(name = "lsm", mixinStandardHelpOptions = true,
        description = "db_bench-style workloads against the Panamax LSM store and RocksDB.")
public final class LsmLab implements Callable<Integer> {
    static final List<String> WORKLOADS = List.of("fillseq", "fillrandom", "overwrite", "readrandom", "readmissing",
            "readseq", "seekrandom", "deleterandom");

    @Option(names = "--engine", defaultValue = "both", description = "panamax | rocksdb | both (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--keys", defaultValue = "1000000", description = "number of keys (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--key-bytes", defaultValue = "16", description = "key size, >= 8 (default: ${DEFAULT-VALUE})")
    int keyBytes;

    @Option(names = "--value-bytes", defaultValue = "100", description = "value size (default: ${DEFAULT-VALUE})")
    int valueBytes;

    @Option(names = "--fsync", defaultValue = "no", description = "no | always (default: ${DEFAULT-VALUE})")
    String fsync;

    @Option(names = "--threads", defaultValue = "1",
            description = "writer threads for fill/overwrite/delete workloads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--no-group-commit", description = "Panamax only: one WAL write and fsync per write batch, the"
            + " baseline group commit is measured against (RocksDB always groups its writers)")
    boolean noGroupCommit;

    @Option(names = "--no-writer-yield", description = "Panamax only: waiting writers park at once instead of"
            + " yielding the CPU first (LsmConfig.writerYield)")
    boolean noWriterYield;

    @Option(names = "--workloads", split = ",", description = "subset of: fillseq,fillrandom,overwrite,readrandom,"
            + "readmissing,readseq,seekrandom,deleterandom (default: all)")
    List<String> workloads;

    @Option(names = "--cache-bytes", defaultValue = "67108864",
            description = "RocksDB block cache; Panamax reads through mmap and the OS page cache (default: ${DEFAULT-VALUE})")
    long cacheBytes;

    @Option(names = "--warmup-keys", defaultValue = "100000",
            description = "keys of an untimed warm-up run (fsync no, store reopened per workload) per engine so the"
                    + " JIT has compiled both engines' Java paths before timing; 0 = none (default: ${DEFAULT-VALUE})")
    int warmupKeys;

    @Option(names = "--dir", description = "data directory (default: lab-runs/lsm-<time>)")
    Path dir;

    @Option(names = "--json", description = "write {engine: {workload: {ops_per_sec, p50_us, p99_us, ...}}} here")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (keyBytes < 8) {
            throw new IllegalArgumentException("--key-bytes must be >= 8, was " + keyBytes);
        }
        boolean sync = switch (fsync) {
            case "no" -> false;
            case "always" -> true;
            default -> throw new IllegalArgumentException("--fsync must be no|always, was " + fsync);
        };
        List<String> selected = workloads == null ? WORKLOADS : workloads;
        List<String> engines = engine.equals("both") ? List.of("panamax", "rocksdb") : List.of(engine);
        if ((noGroupCommit || noWriterYield) && engines.contains("rocksdb")) {
            throw new IllegalArgumentException("--no-group-commit and --no-writer-yield need --engine panamax");
        }
        Path root = dir != null ? dir : Path.of("lab-runs", "lsm-" + System.currentTimeMillis());
        System.out.printf(Locale.ROOT,
                "lsm bench: keys=%d key-bytes=%d value-bytes=%d fsync=%s threads=%d cpus=%d group-commit=%s"
                        + " writer-yield=%s%n", keys, keyBytes, valueBytes, fsync, threads,
                Runtime.getRuntime().availableProcessors(), noGroupCommit ? "off" : "on", noWriterYield ? "off" : "on");
        Map<String, Map<String, Result>> results = new LinkedHashMap<>();
        for (String name : engines) {
            Map<String, Result> perWorkload = new LinkedHashMap<>();
            results.put(name, perWorkload);
            if (warmupKeys > 0) {
                Path scratch = root.resolve(name + "-warmup");
                deleteRecursively(scratch);
                Files.createDirectories(scratch);
                Workloads warm = new Workloads(warmupKeys, keyBytes, valueBytes, threads);
                // Reopen per workload as the timed runs do: the reopen flushes the memtable, so the warm-up's reads go
                // through SSTables (merging iterator over several level-0 files, block search) and not only through
                // the memtable; otherwise the first timed scan pays for deoptimization and C2 recompiles.
                for (String workload : WORKLOADS) {
                    try (BenchEngine e = open(name, scratch, false)) {
                        warm.run(workload, e);
                    }
                }
                deleteRecursively(scratch);
            }
            Workloads w = new Workloads(keys, keyBytes, valueBytes, threads);
            boolean filled = false;
            for (String workload : selected) {
                boolean fresh = workload.equals("fillseq") || workload.equals("fillrandom");
                Path data = root.resolve(name + (workload.equals("fillseq") ? "-seq" : ""));
                if (fresh) {
                    deleteRecursively(data);
                }
                Files.createDirectories(data);
                try (BenchEngine e = open(name, data, sync)) {
                    if (!fresh && !filled) {
                        w.fill(e, false); // later workloads need the keys: fill when the run skipped fillrandom
                    }
                    filled |= !workload.equals("fillseq");
                    Result r = w.run(workload, e);
                    String label = workload;
                    for (int n = 2; perWorkload.containsKey(label); n++) {
                        label = workload + "#" + n; // a repeated workload, e.g. a second (warm) readrandom pass
                    }
                    perWorkload.put(label, r);
                    System.out.println(r.row(name, label));
                    if (e instanceof PanamaxBenchEngine p) {
                        System.out.println("  " + p.stats());
                    }
                }
            }
            deleteRecursively(root.resolve(name + "-seq"));
        }
        System.out.println();
        System.out.println(Result.table(results));
        if (json != null) {
            Files.writeString(json, Result.json(results));
            System.out.println("wrote " + json);
        }
        return 0;
    }

    private BenchEngine open(String name, Path data, boolean sync) throws Exception {
        return switch (name) {
            case "panamax" -> new PanamaxBenchEngine(data, sync, !noGroupCommit, !noWriterYield);
            case "rocksdb" -> new RocksBenchEngine(data, sync, cacheBytes);
            default -> throw new IllegalArgumentException("--engine must be panamax|rocksdb|both, was " + name);
        };
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static final java.lang.invoke.VarHandle LONG_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** Key and value generation plus the workload loops. */
    static final class Workloads {
        final int keys;
        final int keyBytes;
        final int valueBytes;
        final int threads;
        final byte[] valueSource;

        Workloads(int keys, int keyBytes, int valueBytes, int threads) {
            this.keys = keys;
            this.keyBytes = keyBytes;
            this.valueBytes = valueBytes;
            this.threads = threads;
            this.valueSource = new byte[valueBytes + 4096];
            new SplittableRandom(42).nextBytes(valueSource);
        }

        /** Writes key number {@code index} into {@code key}; {@code missing} keys never collide with stored ones. */
        void key(long index, boolean missing, byte[] key) {
            long v = index * 2 + (missing ? 1 : 0);
            for (int i = 0; i < 8; i++) {
                key[i] = (byte) (v >>> (56 - 8 * i));
            }
            long h = v * 0x9E3779B97F4A7C15L;
            int i = 8;
            for (; i + 8 <= key.length; i += 8) { // 8 filler letters per step: key generation stays cheap
                h ^= h >>> 29;
                h *= 0xBF58476D1CE4E5B9L;
                LONG_BE.set(key, i, (h & 0x0F0F0F0F0F0F0F0FL) + 0x6161616161616161L);
            }
            for (; i < key.length; i++) {
                h ^= h >>> 29;
                h *= 0xBF58476D1CE4E5B9L;
                key[i] = (byte) ('a' + ((h >>> 40) & 15));
            }
        }

        byte[] value(long index, byte[] value) {
            System.arraycopy(valueSource, (int) (index & 4095), value, 0, valueBytes);
            return value;
        }

        void fill(BenchEngine e, boolean sequential) throws Exception {
            run(sequential ? "fillseq" : "fillrandom", e);
        }

        Result run(String workload, BenchEngine e) throws Exception {
            return switch (workload) {
                case "fillseq" -> writes(e, keys, (rnd, i) -> i, false);
                case "fillrandom" -> {
                    int[] perm = permutation(keys);
                    yield writes(e, keys, (rnd, i) -> perm[(int) i], false);
                }
                case "overwrite" -> writes(e, keys, (rnd, i) -> rnd.nextInt(keys), false);
                case "deleterandom" -> writes(e, keys, (rnd, i) -> rnd.nextInt(keys), true);
                case "readrandom" -> reads(e, false);
                case "readmissing" -> reads(e, true);
                case "seekrandom" -> seeks(e);
                case "readseq" -> scan(e);
                default -> throw new IllegalArgumentException("unknown workload " + workload);
            };
        }

        interface KeyChoice {
            long pick(SplittableRandom rnd, long i);
        }

        private Result writes(BenchEngine e, long ops, KeyChoice choice, boolean delete) throws Exception {
            List<Thread> workers = new ArrayList<>();
            Histogram[] hist = new Histogram[threads];
            Exception[] error = new Exception[1];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int id = t;
                hist[t] = new Histogram(3);
                workers.add(Thread.ofPlatform().start(() -> {
                    SplittableRandom rnd = new SplittableRandom(1000 + id);
                    byte[] key = new byte[keyBytes];
                    byte[] value = new byte[valueBytes];
                    try {
                        for (long i = id; i < ops; i += threads) {
                            long k = choice.pick(rnd, i);
                            key(k, false, key);
                            long t0 = System.nanoTime();
                            if (delete) {
                                e.delete(key);
                            } else {
                                e.put(key, value(k, value));
                            }
                            hist[id].recordValue(Math.max(1, System.nanoTime() - t0));
                        }
                    } catch (Exception ex) {
                        error[0] = ex;
                    }
                }));
            }
            for (Thread w : workers) {
                w.join();
            }
            if (error[0] != null) {
                throw error[0];
            }
            long elapsed = System.nanoTime() - start;
            Histogram all = new Histogram(3);
            for (Histogram h : hist) {
                all.add(h);
            }
            long bytes = delete ? ops * keyBytes : ops * (keyBytes + valueBytes);
            return new Result(ops, elapsed, bytes, all);
        }

        private Result reads(BenchEngine e, boolean missing) throws Exception {
            SplittableRandom rnd = new SplittableRandom(7);
            byte[] key = new byte[keyBytes];
            byte[] dst = new byte[valueBytes];
            Histogram h = new Histogram(3);
            long found = 0;
            long start = System.nanoTime();
            for (long i = 0; i < keys; i++) {
                key(rnd.nextInt(keys), missing, key);
                long t0 = System.nanoTime();
                int n = e.get(key, dst);
                h.recordValue(Math.max(1, System.nanoTime() - t0));
                if (n >= 0) {
                    found++;
                }
            }
            long elapsed = System.nanoTime() - start;
            if (missing ? found != 0 : found != keys) {
                System.out.printf(Locale.ROOT, "  note: %s found %d of %d%n", missing ? "readmissing" : "readrandom",
                        found, keys);
            }
            return new Result(keys, elapsed, found * (keyBytes + valueBytes) + (keys - found) * keyBytes, h);
        }

        private Result seeks(BenchEngine e) throws Exception {
            SplittableRandom rnd = new SplittableRandom(9);
            byte[] key = new byte[keyBytes];
            Histogram h = new Histogram(3);
            long ops = Math.max(1, keys / 10);
            long start = System.nanoTime();
            for (long i = 0; i < ops; i++) {
                key(rnd.nextInt(keys), rnd.nextBoolean(), key);
                long t0 = System.nanoTime();
                e.seek(key);
                h.recordValue(Math.max(1, System.nanoTime() - t0));
            }
            return new Result(ops, System.nanoTime() - start, ops * keyBytes, h);
        }

        private Result scan(BenchEngine e) throws Exception {
            long[] bytes = {0};
            long start = System.nanoTime();
            long n = e.scan(bytes);
            long elapsed = System.nanoTime() - start;
            Histogram h = new Histogram(3);
            h.recordValue(Math.max(1, elapsed / Math.max(1, n))); // per-entry mean; a scan has no per-op timing
            return new Result(n, elapsed, bytes[0], h);
        }

        private static int[] permutation(int n) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        }
    }
}
