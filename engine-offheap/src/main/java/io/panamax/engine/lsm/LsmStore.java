package io.panamax.engine.lsm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A durable, ordered key-value store: an LSM tree with an off-heap memtable, a WAL with group commit, SSTables and
 * leveled compaction in the background (see {@code FORMAT.md} beside this class for the on-disk formats).
 *
 * <p><b>Thread-safety contract.</b> Every method may be called from any thread. Writes ({@link #put}, {@link #delete},
 * {@link #write}, {@link #flush}) are serialized internally: concurrent writers queue up and one of them, the leader,
 * commits the whole queue as one group (one WAL write, one fsync), so the memtable always has exactly one writer.
 * Under {@link FsyncPolicy#ALWAYS} a follower still yielding ({@link LsmConfig#writerYield()}) may insert the group
 * into the memtable while the leader waits in fsync (the only memtable writer meanwhile); the inserts stay invisible
 * to readers until the fsync succeeded and the leader publishes them ({@link QueuedWriter}).
 * {@link #writeAsync} never blocks its caller (an event loop): a committer thread ({@link AsyncCommitter}) commits what
 * was queued meanwhile as one batch through the same path and completes the futures. {@link #tryWrite} commits on the
 * caller's thread only when it can lead at once without waiting, and otherwise does nothing.
 * Reads ({@link #get}, {@link #iterator}) never take the write lock: they pin an immutable view (memtables + SSTable
 * version) by reference count and filter by the last published sequence number, so they never see half a batch.
 * One process opens a directory at a time (enforced with a lock file). Key and value segments passed in are copied
 * before the call returns; segments handed out by iterators stay valid until the iterator moves or closes.
 *
 * <pre>{@code
 * try (LsmStore store = LsmStore.open(dir, LsmConfig.defaults().withFsyncPolicy(FsyncPolicy.ALWAYS))) {
 *     store.put(key, value);
 *     store.write(new WriteBatch().put(k1, v1).delete(k2));    // atomic
 *     byte[] v = store.get(key);                               // null when absent
 *     try (LsmIterator it = store.prefixIterator(prefix)) {    // consistent snapshot
 *         while (it.next()) { use(it.key(), it.value()); }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Errors.</b> Absent keys are a null result, not an exception. I/O failures, use after {@link #close()} and
 * misuse raise {@link StoreException}; damaged bytes raise {@link CorruptionException} with file and offset. A failed
 * WAL write or background flush/compaction makes further writes fail with the original cause.
 */
public final class LsmStore implements AutoCloseable {
    private static final long MAX_GROUP_BYTES = 1 << 20;

    final Path dir;
    final LsmConfig config;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    final ReentrantLock mutex = new ReentrantLock();
    /** Signalled when a flush or compaction finishes: wakes stalled writers, flush() and compact(). */
    final Condition backgroundDone = mutex.newCondition();
    /** Signalled when there may be flush or compaction work, or the store is closing. */
    final Condition workAvailable = mutex.newCondition();
    private final ArrayDeque<QueuedWriter> writers = new ArrayDeque<>();
    /** Without writerYield, signalled when a writer joins the queue: wakes a gathering leader ({@link #gatherFollowers}). */
    private final Condition writerArrived = mutex.newCondition();
    /** Writers seen in the last group commit (committed + left queued): how many to wait for before an fsync. */
    private int recentWriters = 1;
    /** writers.size(), written with the mutex; read without it by a leader gathering with yields. */
    private volatile int queuedWriters;
    /** Moving average of one WAL fsync, in nanoseconds (leader only); bounds how long a leader gathers. */
    private long fsyncNanosAverage;
    /** Leader only, with the mutex: the leader was interrupted in a wait of its commit (restored when it returns). */
    private boolean leaderInterrupted;
    Memtable mem;
    final ArrayList<Memtable> immutables = new ArrayList<>(); // oldest first
    Version current;
    private volatile SuperVersion superVersion;
    volatile WalWriter wal;
    long nextFileNumber;
    long logNumber;
    long lastSequence;
    private volatile long visibleSequence;
    volatile StoreException backgroundError;
    boolean closing;
    private volatile boolean closed;
    final StoreMetrics metrics = new StoreMetrics();
    private ByteBuffer walBuffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final BackgroundWork background;
    private final AsyncCommitter asyncCommitter;
    /** Test hook run by the group-commit leader before its WAL write (null in production). */
    volatile Runnable beforeWalAppend;
    /** Test hook run by the leader just before its fsync; the argument tells whether a follower inserts meanwhile. */
    volatile Consumer<Boolean> beforeWalSync;

    private LsmStore(Path dir, LsmConfig config, FileChannel lockChannel, FileLock fileLock) {
        this.dir = dir;
        this.config = config;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.background = new BackgroundWork(this);
        this.asyncCommitter = new AsyncCommitter(this, "panamax-lsm-commit");
    }

    /**
     * Opens (creating if needed) the store in {@code dir}: reads the manifest, maps the SSTables, replays the WALs
     * (discarding a torn tail), flushes what was replayed and deletes files the manifest no longer references.
     *
     * @throws CorruptionException when the manifest, an SSTable's header/footer/index or a WAL body is damaged
     * @throws StoreException when the directory is in use by another store instance or on I/O failure
     */
    public static LsmStore open(Path dir, LsmConfig config) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(FileNames.LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException("store directory is already open: dir=" + dir);
            }
            LsmStore store = new LsmStore(dir, config, lockChannel, lock);
            try {
                Recovery.recover(store);
            } catch (RuntimeException | IOException e) {
                store.releaseAfterFailedOpen();
                throw e;
            }
            store.superVersion = new SuperVersion(store.mem, List.of(), store.current);
            store.visibleSequence = store.lastSequence;
            store.background.start();
            store.asyncCommitter.start();
            return store;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new StoreException("cannot open store dir=" + dir + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** Sets {@code key} to {@code value} (both copied). Durable on return under {@link FsyncPolicy#ALWAYS}. */
    public void put(byte[] key, byte[] value) {
        write(new WriteBatch().put(key, value));
    }

    /** Sets {@code key} to {@code value} (both copied). Durable on return under {@link FsyncPolicy#ALWAYS}. */
    public void put(MemorySegment key, MemorySegment value) {
        write(new WriteBatch().put(key, value));
    }

    /** Deletes {@code key} (writes a tombstone). */
    public void delete(byte[] key) {
        write(new WriteBatch().delete(key));
    }

    /** Deletes {@code key} (writes a tombstone). */
    public void delete(MemorySegment key) {
        write(new WriteBatch().delete(key));
    }

    /**
     * Applies {@code batch} atomically: one WAL record with one CRC32C, sequence numbers published after the whole
     * batch is in the memtable. Blocks while the store stalls writes (memtables or level 0 full; see
     * {@link LsmStats#stallCount()}).
     *
     * @throws StoreException when the store is closed, a previous write or background job failed, or on I/O failure
     */
    public void write(WriteBatch batch) {
        if (batch.entryCount() == 0) {
            return;
        }
        commit(new QueuedWriter(batch), false);
    }

    /**
     * Applies {@code batch} like {@link #write} if that needs no waiting, else does nothing and returns false: when
     * another writer (or {@link #flush}, or the {@link #writeAsync} committer) is in the queue, or the store would
     * slow down or stall this write (level 0 at its slowdown or stop trigger, every memtable full). Without waiting
     * it still writes the WAL (one {@code write} call; an fsync too under {@link FsyncPolicy#ALWAYS}) and may start a
     * new memtable and WAL file. For an event loop under {@link FsyncPolicy#EVERYSEC} or {@link FsyncPolicy#NO} that
     * commits the writes of one loop iteration inline, as Redis writes its AOF buffer before the loop sleeps, and
     * falls back to {@link #writeAsync} (keeping its own writes in order) when this returns false.
     *
     * @return true if the batch was committed, false if nothing was done
     * @throws StoreException as {@link #write}
     */
    public boolean tryWrite(WriteBatch batch) {
        if (batch.entryCount() == 0) {
            return true;
        }
        return commit(new QueuedWriter(batch), true);
    }

    /** The configuration the store was opened with. */
    public LsmConfig config() {
        return config;
    }

    /**
     * Applies {@code batch} atomically like {@link #write} without blocking the caller: the batch is queued and a
     * committer thread writes everything queued meanwhile as one WAL record (one fsync under
     * {@link FsyncPolicy#ALWAYS}: group commit), applies it to the memtable and publishes it. The future completes
     * (on the committer thread) after the batch is in the WAL per the fsync policy and visible to readers; futures
     * complete in submission order. Write stalls block the committer, not the caller.
     *
     * @param batch handed over: the caller must not modify or reuse it afterwards
     * @return completes normally when durable per the policy, exceptionally with a {@link StoreException} when the
     *     store is closed, failed earlier, or the WAL write fails (that failure also fails every later write)
     */
    public CompletableFuture<Void> writeAsync(WriteBatch batch) {
        if (batch.entryCount() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return asyncCommitter.submit(batch);
    }

    /**
     * Looks {@code key} up.
     *
     * @return a copy of the value, or null when the key is absent or deleted
     * @throws CorruptionException when an SSTable block holding the key range fails its check
     */
    public byte[] get(byte[] key) {
        MemorySegment v = get(MemorySegment.ofArray(key));
        return v == null ? null : (byte[]) v.heapBase().orElseThrow();
    }

    /**
     * Looks {@code key} up.
     *
     * @return a heap segment holding a copy of the value, or null when the key is absent or deleted
     */
    public MemorySegment get(MemorySegment key) {
        SuperVersion sv = acquire();
        try {
            MemorySegment v = lookup(sv, key);
            return v == null ? null : MemorySegment.ofArray(v.toArray(ValueLayout.JAVA_BYTE));
        } finally {
            sv.unref();
        }
    }

    /**
     * Looks {@code key} up and copies the value into {@code dst} without allocating.
     *
     * @return the value length (only {@code min(length, dst.byteSize())} bytes are copied: call again with a larger
     *     {@code dst} if it is bigger), or -1 when the key is absent or deleted
     */
    public long get(MemorySegment key, MemorySegment dst) {
        SuperVersion sv = acquire();
        try {
            MemorySegment v = lookup(sv, key);
            if (v == null) {
                return -1;
            }
            MemorySegment.copy(v, 0, dst, 0, Math.min(v.byteSize(), dst.byteSize()));
            return v.byteSize();
        } finally {
            sv.unref();
        }
    }

    private MemorySegment lookup(SuperVersion sv, MemorySegment key) {
        long snapshot = visibleSequence; // read after acquiring sv: see iterator()
        try {
            long hash = Memtable.hash(key);
            long node = sv.mem.find(key, hash, snapshot);
            if (node >= 0) {
                return sv.mem.isTombstone(node) ? null : sv.mem.value(node);
            }
            for (Memtable m : sv.immutables) {
                node = m.find(key, hash, snapshot);
                if (node >= 0) {
                    return m.isTombstone(node) ? null : m.value(node);
                }
            }
            MemorySegment v = sv.version.get(key, hash);
            return v == null || v == SSTableReader.TOMBSTONE ? null : v;
        } catch (IllegalStateException | IndexOutOfBoundsException e) {
            throw new StoreException("lookup failed in dir=" + dir + ": " + e, e);
        }
    }

    /** Cursor over every key in order, on a consistent snapshot. */
    public LsmIterator iterator() {
        return iterator(null, null);
    }

    /**
     * Cursor over keys in {@code [from, to)} in order, on a consistent snapshot.
     *
     * @param from inclusive lower bound, or null for the first key
     * @param to exclusive upper bound, or null for no bound
     */
    public LsmIterator iterator(byte[] from, byte[] to) {
        SuperVersion sv = acquire();
        // The snapshot sequence is read after pinning sv: writes published later either sit in sv.mem with a
        // higher sequence (filtered out) or in a newer memtable sv does not contain.
        long snapshot = visibleSequence;
        List<EntryIterator> sources = new ArrayList<>();
        sources.add(sv.mem.iterator(snapshot));
        for (Memtable m : sv.immutables) {
            sources.add(m.iterator(snapshot));
        }
        for (SSTableReader r : sv.version.level(0)) {
            sources.add(r.iterator());
        }
        for (int l = 1; l < LsmConfig.LEVELS; l++) {
            if (!sv.version.level(l).isEmpty()) {
                sources.add(new LevelIterator(sv.version.level(l)));
            }
        }
        return new LsmIterator(sv, new MergingIterator(sources), from, to);
    }

    /** Cursor over the keys that start with {@code prefix}, in order, on a consistent snapshot. */
    public LsmIterator prefixIterator(byte[] prefix) {
        return iterator(prefix, Keys.prefixSuccessor(prefix));
    }

    /**
     * Swaps the memtable (if it holds anything) and waits until every full memtable is flushed to level 0, so that
     * the WAL files holding their writes are deleted.
     */
    public void flush() {
        commit(new QueuedWriter(null), false);
        mutex.lock();
        try {
            while (!immutables.isEmpty() && backgroundError == null && !closing) {
                backgroundDone.awaitUninterruptibly();
            }
            throwIfFailed();
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Flushes, then merges every SSTable into the deepest level in use (at least level 1), dropping tombstones and
     * overwritten versions. Blocks until done.
     */
    public void compact() {
        flush();
        background.compactFully();
    }

    /** A snapshot of the store's counters, including write stalls and per-level sizes. */
    public LsmStats stats() {
        SuperVersion sv = acquire();
        try {
            List<LsmStats.LevelStats> levels = new ArrayList<>();
            for (int l = 0; l < LsmConfig.LEVELS; l++) {
                levels.add(new LsmStats.LevelStats(sv.version.level(l).size(), sv.version.levelBytes(l)));
            }
            return metrics.snapshot(visibleSequence, sv.mem.usedBytes(), sv.immutables.size(), levels);
        } finally {
            sv.unref();
        }
    }

    /**
     * Reads every SSTable completely and checks its whole-file CRC32C.
     *
     * @throws CorruptionException naming the first damaged file
     */
    public void verifyChecksums() {
        SuperVersion sv = acquire();
        try {
            for (int l = 0; l < LsmConfig.LEVELS; l++) {
                for (SSTableReader r : sv.version.level(l)) {
                    r.verifyFileChecksum();
                }
            }
        } finally {
            sv.unref();
        }
    }

    /**
     * Stops background work, syncs and closes the WAL and releases the directory. Writes still in full memtables are
     * in the WAL and replayed at the next open. Iterators still open keep their files mapped until closed.
     */
    @Override
    public void close() {
        asyncCommitter.stop(); // commits what is queued first
        mutex.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            while (!writers.isEmpty()) {
                backgroundDone.awaitUninterruptibly();
            }
            workAvailable.signalAll();
            backgroundDone.signalAll();
        } finally {
            mutex.unlock();
        }
        background.stop();
        closed = true;
        try {
            if (config.fsyncPolicy() != FsyncPolicy.NO) {
                wal.sync();
            }
            wal.close();
        } catch (IOException e) {
            throw new StoreException("cannot close WAL " + wal.path() + ": " + e, e);
        } finally {
            superVersion.unref();
            current.unref();
            mem.unref();
            for (Memtable m : immutables) {
                m.unref();
            }
            closeQuietly(fileLock);
            closeQuietly(lockChannel);
        }
    }

    // ---------------------------------------------------------------------------------------------- write path

    /** Queues {@code w} and commits it as a leader or follower; with {@code noWait}, false when it would wait. */
    private boolean commit(QueuedWriter w, boolean noWait) {
        // FileChannel I/O on an interrupted thread closes the channel (ClosedByInterruptException): a leader would fail
        // the WAL, and with it every later write. The interrupt status is set aside for the commit and restored after.
        boolean interrupted = Thread.interrupted();
        mutex.lock();
        boolean locked = true;
        List<QueuedWriter> wake = List.of();
        try {
            if (closing) {
                throw new StoreException("store is closed: dir=" + dir);
            }
            if (noWait && !writers.isEmpty()) {
                return false;
            }
            writers.addLast(w);
            queuedWriters = writers.size();
            if (writers.size() >= recentWriters && !config.writerYield()) {
                writerArrived.signal(); // a gathering leader has all the writers it waits for
            }
            if (writers.peekFirst() != w) {
                mutex.unlock();
                locked = false;
                interrupted |= w.awaitTurn(config.writerYield());
                if (w.done) {
                    if (w.error != null) {
                        throw w.error;
                    }
                    return true;
                }
                mutex.lock();
                locked = true;
            }
            List<QueuedWriter> group = new ArrayList<>();
            RuntimeException error = null;
            boolean walPhase = false;
            try {
                throwIfFailed();
                if (w.batch == null) {
                    group.add(w);
                    if (!mem.isEmpty()) {
                        switchMemtable(0);
                    }
                } else {
                    if (!noWait && config.groupCommit()) {
                        gatherFollowers();
                    }
                    long need = 0;
                    long bytes = 0;
                    for (QueuedWriter x : writers) {
                        if (x.batch == null || (bytes > 0 && bytes + x.batch.sizeBytes() > MAX_GROUP_BYTES)
                                || (!group.isEmpty() && !config.groupCommit())) {
                            break;
                        }
                        group.add(x);
                        bytes += x.batch.sizeBytes() + WalDescriptor.RECORD_HEADER_LENGTH;
                        need += x.batch.memtableBytes();
                    }
                    if (!makeRoomForWrite(need, noWait)) { // only with noWait, and then w is the only writer
                        writers.pollFirst();
                        queuedWriters = writers.size();
                        wake = handOver(List.of());
                        return false;
                    }
                    recentWriters = writers.size();
                    long first = lastSequence + 1;
                    for (QueuedWriter x : group) {
                        lastSequence += x.batch.entryCount();
                    }
                    Memtable target = mem;
                    WalWriter log = wal;
                    walPhase = true;
                    mutex.unlock();
                    try {
                        appendAndApply(group, first, bytes, target, log);
                    } finally {
                        mutex.lock();
                    }
                    walPhase = false;
                    visibleSequence = lastSequence;
                }
            } catch (RuntimeException e) {
                error = e instanceof StoreException se ? se : new StoreException("write failed: " + e, e);
                if (group.isEmpty()) {
                    group.add(w);
                }
                if (walPhase && backgroundError == null) {
                    // The WAL may hold part of the group: refuse further writes rather than diverge from it.
                    backgroundError = (StoreException) error;
                }
            }
            for (QueuedWriter x : group) {
                writers.pollFirst();
                queuedWriters = writers.size();
                x.error = error;
                x.done = true;
            }
            wake = handOver(group);
            interrupted |= leaderInterrupted;
            leaderInterrupted = false;
            if (error != null) {
                throw error;
            }
            return true;
        } finally {
            if (locked) {
                mutex.unlock();
            }
            for (QueuedWriter x : wake) {
                if (x != w) {
                    LockSupport.unpark(x.thread);
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * With the mutex, after the head of the queue left it: makes the new head leader (or tells close() the queue
     * drained) and returns the writers to unpark once the mutex is released ({@code committed} plus the new head).
     */
    private List<QueuedWriter> handOver(List<QueuedWriter> committed) {
        QueuedWriter next = writers.peekFirst();
        if (next == null) {
            backgroundDone.signalAll(); // close() waits for the queue to drain
            return committed;
        }
        next.leader = true;
        List<QueuedWriter> wake = new ArrayList<>(committed.size() + 1);
        wake.add(next); // first: it gathers the next group while the committed writers wake
        wake.addAll(committed);
        return wake;
    }

    /** Leader only, without the mutex: one WAL write (and fsync) for the group, then the memtable inserts. */
    private void appendAndApply(List<QueuedWriter> group, long firstSequence, long bytes, Memtable target, WalWriter log) {
        if (walBuffer.capacity() < bytes) {
            walBuffer = ByteBuffer.allocateDirect((int) Math.max(bytes, walBuffer.capacity() * 2L))
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        walBuffer.clear();
        long seq = firstSequence;
        for (QueuedWriter x : group) {
            WalWriter.encodeRecord(walBuffer, seq, x.batch);
            seq += x.batch.entryCount();
        }
        walBuffer.flip();
        Runnable hook = beforeWalAppend;
        if (hook != null) {
            hook.run();
        }
        Runnable inserts = () -> insert(group, firstSequence, target);
        QueuedWriter helper = null;
        try {
            log.append(walBuffer);
            if (config.fsyncPolicy() == FsyncPolicy.ALWAYS) {
                if (config.writerYield()) {
                    // A yielding follower fills the memtable while this thread waits in fsync.
                    helper = QueuedWriter.requestHelp(group, inserts);
                }
                Consumer<Boolean> syncHook = beforeWalSync;
                if (syncHook != null) {
                    syncHook.accept(helper != null);
                }
                long start = System.nanoTime();
                log.sync();
                countSync(System.nanoTime() - start);
            }
        } catch (IOException e) {
            if (helper != null) {
                try {
                    helper.awaitHelp(); // the memtable must have one writer again before the store goes on
                } catch (RuntimeException insertError) {
                    e.addSuppressed(insertError);
                }
            }
            throw new StoreException("WAL append failed: file=" + log.path() + ": " + e, e);
        }
        metrics.walBytes.add(bytes);
        metrics.writeGroups.increment();
        metrics.batches.add(group.size());
        if (helper != null) {
            helper.awaitHelp();
            metrics.memtableHandoffs.increment();
        } else {
            inserts.run();
        }
    }

    /** Inserts the group's batches into {@code target}, invisible to readers until visibleSequence is published. */
    private static void insert(List<QueuedWriter> group, long firstSequence, Memtable target) {
        long seq = firstSequence;
        for (QueuedWriter x : group) {
            long base = seq;
            WriteBatch.forEach(x.batch.payload(),
                    x.batch.entryCount(), (i, k, v) -> {
                        if (!target.add(base + i, k, v)) {
                            throw new IllegalStateException("memtable sized for the group overflowed");
                        }
                    });
            seq += x.batch.entryCount();
        }
    }

    /** Leader only: records one WAL fsync of {@code nanos}. */
    private void countSync(long nanos) {
        fsyncNanosAverage = fsyncNanosAverage == 0 ? nanos : (fsyncNanosAverage * 7 + nanos) / 8;
        metrics.walSyncs.increment();
        metrics.walSyncMicros.add(nanos / 1000);
    }

    /**
     * Leader only, with the mutex, under {@link FsyncPolicy#ALWAYS}: before sealing a group, waits until as many
     * writers are queued as took part in the previous group, for at most a quarter of an average fsync (capped at
     * 1 ms). Without it, writers woken by the previous group re-enqueue just after the next leader sealed a small
     * group, and groups alternate between large and small (PostgreSQL's {@code commit_delay} and MySQL's
     * {@code binlog_group_commit_sync_delay} wait for the same reason). A lone writer never waits: the previous group
     * had one writer. With {@link LsmConfig#writerYield()} the leader releases the mutex and yields while it waits
     * (the followers it waits for are yielding, not parked), otherwise it waits on {@code writerArrived}.
     */
    private void gatherFollowers() {
        if (config.fsyncPolicy() != FsyncPolicy.ALWAYS || writers.size() >= recentWriters) {
            return;
        }
        long remaining = Math.min(fsyncNanosAverage / 4, TimeUnit.MILLISECONDS.toNanos(1));
        if (config.writerYield()) {
            // Woken followers are yielding too: waiting on writerArrived would add a futex wake to every group.
            int want = recentWriters;
            long deadline = System.nanoTime() + remaining;
            mutex.unlock();
            try {
                while (queuedWriters < want && System.nanoTime() - deadline < 0) {
                    Thread.yield();
                }
            } finally {
                mutex.lock();
            }
            return;
        }
        while (remaining > 0 && writers.size() < recentWriters && !closing) {
            try {
                remaining = writerArrived.awaitNanos(remaining);
            } catch (InterruptedException e) {
                leaderInterrupted = true;
                return;
            }
        }
    }

    /**
     * Leader only, with the mutex: stalls or swaps memtables until {@code need} bytes fit. With {@code noWait}, returns
     * false instead of slowing down or stalling (the mutex was held throughout).
     */
    private boolean makeRoomForWrite(long need, boolean noWait) {
        boolean allowDelay = true;
        for (; ; ) {
            throwIfFailed();
            int level0 = current.level(0).size();
            if (allowDelay && config.backgroundCompaction() && level0 >= config.level0SlowdownTrigger()) {
                if (noWait) {
                    return false;
                }
                allowDelay = false;
                metrics.slowdowns.increment();
                mutex.unlock();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    leaderInterrupted = true;
                } finally {
                    mutex.lock();
                }
            } else if (mem.freeBytes() >= need) {
                return true;
            } else if (immutables.size() >= config.maxImmutableMemtables()
                    || (config.backgroundCompaction() && level0 >= config.level0StopTrigger())) {
                if (noWait) {
                    return false;
                }
                long start = System.nanoTime();
                metrics.stalls.increment();
                workAvailable.signalAll();
                try {
                    backgroundDone.await(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    leaderInterrupted = true; // the group's other writers wait too: keep stalling, restore it after
                }
                metrics.stallMicros.add((System.nanoTime() - start) / 1000);
            } else {
                switchMemtable(need);
            }
        }
    }

    /** With the mutex: new WAL, new memtable, the old one queued for flush. */
    private void switchMemtable(long need) {
        if (mem.isEmpty()) { // a batch larger than a memtable: grow the empty one, keep its WAL
            Memtable empty = mem;
            mem = new Memtable(Math.max(config.memtableSizeBytes(), need), empty.walNumber());
            installSuperVersion();
            empty.unref();
            return;
        }
        long number = nextFileNumber++;
        WalWriter old = wal;
        try {
            wal = WalWriter.create(FileNames.wal(dir, number), number, config.fsyncPolicy() != FsyncPolicy.NO,
                    config.fsyncPolicy() == FsyncPolicy.ALWAYS);
            if (config.fsyncPolicy() == FsyncPolicy.EVERYSEC) {
                old.sync();
            }
            old.close();
        } catch (IOException e) {
            throw new StoreException("cannot switch WAL to number=" + number + ": " + e, e);
        }
        immutables.add(mem);
        mem = new Memtable(Math.max(config.memtableSizeBytes(), need), number);
        installSuperVersion();
        workAvailable.signalAll();
    }

    // ---------------------------------------------------------------------------------------------- versions

    /** With the mutex: publishes a new reader view of mem, immutables and current. */
    void installSuperVersion() {
        SuperVersion old = superVersion;
        superVersion = new SuperVersion(mem, immutables.reversed(), current);
        if (old != null) {
            old.unref();
        }
    }

    /** With the mutex: makes {@code next} current (its creator's reference passes to the store). */
    void installVersion(Version next) {
        Version old = current;
        current = next;
        installSuperVersion();
        old.unref();
    }

    /** With the mutex: the manifest state for {@code version}. */
    Manifest.State manifestState(Version version, long newLogNumber) {
        List<List<FileMeta>> levels = new ArrayList<>();
        for (int l = 0; l < LsmConfig.LEVELS; l++) {
            List<FileMeta> metas = new ArrayList<>();
            for (SSTableReader r : version.level(l)) {
                metas.add(r.meta());
            }
            levels.add(metas);
        }
        return new Manifest.State(nextFileNumber, lastSequence, newLogNumber, levels);
    }

    long allocateFileNumber() {
        mutex.lock();
        try {
            return nextFileNumber++;
        } finally {
            mutex.unlock();
        }
    }

    private SuperVersion acquire() {
        for (; ; ) {
            if (closed) {
                throw new StoreException("store is closed: dir=" + dir);
            }
            SuperVersion sv = superVersion;
            if (sv.ref()) {
                return sv;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The error that made this store refuse writes (a failed WAL append or fsync, a failed flush or compaction), or
     * null while it is healthy. Any thread.
     */
    public StoreException failure() {
        return backgroundError;
    }

    void throwIfFailed() {
        StoreException e = backgroundError;
        if (e != null) {
            throw new StoreException("store failed earlier and refuses writes: " + e.getMessage(), e);
        }
        if (closing) {
            throw new StoreException("store is closed: dir=" + dir);
        }
    }

    private void releaseAfterFailedOpen() {
        closeQuietly(fileLock);
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Already failing or closing; the first error is the one reported.
            }
        }
    }
}
