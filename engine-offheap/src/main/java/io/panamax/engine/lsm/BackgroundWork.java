package io.panamax.engine.lsm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The store's background threads: one flushes full memtables to level 0, one runs compactions (picked by score, or a
 * full compaction on request), and under {@link FsyncPolicy#EVERYSEC} one fsyncs the WAL once a second. Flush and
 * compaction run in parallel so a long compaction never delays a flush; both install their result under the store
 * mutex and write the manifest before deleting anything.
 */
final class BackgroundWork {
    private final LsmStore store;
    private final byte[][] compactPointers = new byte[LsmConfig.LEVELS][];
    private final List<Thread> threads = new ArrayList<>();
    private long fullRequested;
    private long fullDone;

    BackgroundWork(LsmStore store) {
        this.store = store;
    }

    void start() {
        threads.add(Thread.ofPlatform().daemon().name("panamax-lsm-flush").start(this::flushLoop));
        threads.add(Thread.ofPlatform().daemon().name("panamax-lsm-compaction").start(this::compactionLoop));
        if (store.config.fsyncPolicy() == FsyncPolicy.EVERYSEC) {
            threads.add(Thread.ofPlatform().daemon().name("panamax-lsm-wal-sync").start(this::syncLoop));
        }
    }

    /** Joins the threads; the caller has set {@code closing} and signalled. */
    void stop() {
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Requests a full compaction and waits for it. */
    void compactFully() {
        store.mutex.lock();
        try {
            long ticket = ++fullRequested;
            store.workAvailable.signalAll();
            while (fullDone < ticket && store.backgroundError == null && !store.closing) {
                store.backgroundDone.awaitUninterruptibly();
            }
            store.throwIfFailed();
        } finally {
            store.mutex.unlock();
        }
    }

    private void flushLoop() {
        for (; ; ) {
            Memtable imm;
            long number;
            store.mutex.lock();
            try {
                while (!store.closing && store.immutables.isEmpty()) {
                    store.workAvailable.awaitUninterruptibly();
                }
                if (store.closing) {
                    return;
                }
                imm = store.immutables.getFirst();
                number = store.nextFileNumber++;
            } finally {
                store.mutex.unlock();
            }
            try {
                FileMeta meta = Flush.writeLevel0(store.dir, store.config, imm, number);
                SSTableReader reader = SSTableReader.open(FileNames.sstable(store.dir, number), meta);
                store.mutex.lock();
                try {
                    Version next = store.current.apply(Set.of(), 0, List.of(reader));
                    reader.unref();
                    store.immutables.removeFirst();
                    long logNumber = store.immutables.isEmpty()
                            ? store.mem.walNumber()
                            : store.immutables.getFirst().walNumber();
                    Manifest.write(store.dir, store.manifestState(next, logNumber));
                    store.logNumber = logNumber;
                    store.installVersion(next);
                    imm.unref();
                    Files.deleteIfExists(FileNames.wal(store.dir, imm.walNumber()));
                    store.metrics.flushes.increment();
                    store.backgroundDone.signalAll();
                    store.workAvailable.signalAll();
                } finally {
                    store.mutex.unlock();
                }
            } catch (IOException | RuntimeException e) {
                fail("flush of WAL number=" + imm.walNumber() + " to SSTable number=" + number, e);
                return;
            }
        }
    }

    private void compactionLoop() {
        for (; ; ) {
            Compaction c;
            boolean full;
            long ticket;
            store.mutex.lock();
            try {
                for (; ; ) {
                    if (store.closing) {
                        return;
                    }
                    full = fullDone < fullRequested;
                    ticket = fullRequested;
                    c = full
                            ? Compaction.full(store.current)
                            : store.config.backgroundCompaction()
                                    ? Compaction.pick(store.current, store.config, compactPointers)
                                    : null;
                    if (c != null || full) {
                        break;
                    }
                    store.workAvailable.awaitUninterruptibly();
                }
                if (c == null) { // full compaction of an empty store
                    fullDone = ticket;
                    store.backgroundDone.signalAll();
                    continue;
                }
            } finally {
                store.mutex.unlock();
            }
            try {
                run(c);
            } catch (IOException | RuntimeException e) {
                fail("compaction from level=" + c.level + " to level=" + c.outputLevel, e);
                return;
            }
            store.mutex.lock();
            try {
                if (full) {
                    fullDone = ticket;
                }
                store.backgroundDone.signalAll();
            } finally {
                store.mutex.unlock();
            }
        }
    }

    private void run(Compaction c) throws IOException {
        List<SSTableReader> outputs = new ArrayList<>();
        if (c.isTrivialMove()) {
            outputs.add(c.inputs.getFirst());
        } else {
            long[] written = {0};
            for (FileMeta meta : c.run(store.dir, store.config, store::allocateFileNumber, written)) {
                outputs.add(SSTableReader.open(FileNames.sstable(store.dir, meta.number()), meta));
            }
            store.metrics.compactionBytesWritten.add(written[0]);
        }
        store.mutex.lock();
        try {
            Set<Long> removed = c.inputNumbers();
            Version next = store.current.apply(removed, c.outputLevel, outputs);
            Manifest.write(store.dir, store.manifestState(next, store.logNumber));
            Set<Long> kept = new HashSet<>();
            for (SSTableReader r : outputs) {
                kept.add(r.meta().number());
            }
            for (int l = 0; l < LsmConfig.LEVELS; l++) {
                for (SSTableReader r : store.current.level(l)) {
                    if (removed.contains(r.meta().number()) && !kept.contains(r.meta().number())) {
                        r.markObsolete(); // deleted when the last version using it is released
                    }
                }
            }
            store.installVersion(next);
            store.metrics.compactions.increment();
        } finally {
            store.mutex.unlock();
        }
        if (!c.isTrivialMove()) {
            for (SSTableReader r : outputs) {
                r.unref(); // the installed version holds its own reference
            }
        }
    }

    private void syncLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (store.wal.sync()) {
                    store.metrics.walSyncs.increment();
                }
            } catch (IOException e) {
                // The WAL was closed by a memtable switch (which synced it) or by close(); the next tick syncs the new one.
            }
        }
    }

    private void fail(String what, Throwable e) {
        store.mutex.lock();
        try {
            if (store.backgroundError == null && !store.closing) {
                store.backgroundError = e instanceof CorruptionException ce ? ce
                        : new StoreException(what + " failed in dir=" + store.dir + ": " + e, e);
            }
            store.backgroundDone.signalAll();
        } finally {
            store.mutex.unlock();
        }
    }
}
