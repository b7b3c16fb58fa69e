package io.panamax.engine.lsm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A write waiting in {@link LsmStore}'s group-commit queue (or, with a null batch, a memtable switch for
 * {@link LsmStore#flush}). The leader that commits it sets {@code error}, then {@code done}, and unparks it after
 * releasing the store mutex; the writer that becomes head of the queue is handed {@code leader} the same way.
 *
 * <p><b>Waiting.</b> With {@link LsmConfig#writerYield()}, a follower first yields the CPU in a loop for up to
 * {@link #YIELD_NANOS} and only then parks, as RocksDB's write thread does ({@code write_thread_max_yield_usec}): on
 * a machine with few cores a parked thread costs a futex wake and, when its CPU had gone idle, a wake of that CPU
 * before it can return and queue its next write, and the next group waits for it. A yield that takes longer than
 * {@link #SLOW_YIELD_NANOS} means other work wants the CPU: the follower parks at once.
 *
 * <p><b>Memtable hand-off.</b> While a follower is still yielding, the leader may hand it the group's memtable
 * inserts ({@link #requestHelp}) and fsync the WAL meanwhile, so the inserts no longer lengthen the group's cycle: the
 * leader's CPU is free during the fsync and the helper, already runnable, takes it. The inserts stay invisible to
 * readers until the leader publishes the group's sequence number. The state moves
 * {@code YIELDING -> HELP_REQUESTED -> HELPED}, or {@code YIELDING -> PARKED} when the follower stops yielding first;
 * the compare-and-set decides, so a request is either run by the follower or refused, and then the leader runs it.
 */
final class QueuedWriter {
    /** Longest a follower yields before it parks: about two group cycles at a ~200 us fsync. */
    static final long YIELD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** A single yield longer than this means another thread needed the CPU (RocksDB: slow yield). */
    static final long SLOW_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private static final int YIELDING = 0;
    private static final int PARKED = 1;
    private static final int HELP_REQUESTED = 2;
    private static final int HELPED = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(QueuedWriter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final WriteBatch batch;
    final Thread thread = Thread.currentThread();
    volatile boolean done;
    volatile boolean leader;
    RuntimeException error; // written before done, read after it

    private volatile int state;
    // The hand-off: helpTask and helpLeader are written before HELP_REQUESTED, helpError before HELPED.
    private Runnable helpTask;
    private Thread helpLeader;
    private RuntimeException helpError;

    QueuedWriter(WriteBatch batch) {
        this.batch = batch;
    }

    /**
     * Waits until committed by a leader or made leader, yielding first when {@code yield}; runs a task handed to it
     * meanwhile. Returns whether the thread was interrupted during the wait (the status is cleared).
     */
    boolean awaitTurn(boolean yield) {
        boolean interrupted = false;
        if (yield) {
            long start = System.nanoTime();
            long last = start;
            while (!done && !leader) {
                if (state == HELP_REQUESTED) {
                    runHelp();
                }
                long now = System.nanoTime();
                if (now - start > YIELD_NANOS || now - last > SLOW_YIELD_NANOS) {
                    break;
                }
                last = now;
                Thread.yield();
            }
        }
        if (!STATE.compareAndSet(this, YIELDING, PARKED) && state == HELP_REQUESTED) {
            runHelp(); // the leader asked just before this writer stopped yielding
        }
        while (!done && !leader) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        return interrupted;
    }

    /**
     * Leader only: hands {@code task} to a follower of {@code group} (not the leader, {@code group.get(0)}) that is
     * still yielding, latest arrival first. Returns that follower, or null when none is: the leader runs the task.
     */
    static QueuedWriter requestHelp(List<QueuedWriter> group, Runnable task) {
        for (int i = group.size() - 1; i >= 1; i--) {
            QueuedWriter x = group.get(i);
            if (x.state != YIELDING) {
                continue;
            }
            x.helpTask = task;
            x.helpLeader = Thread.currentThread();
            if (STATE.compareAndSet(x, YIELDING, HELP_REQUESTED)) {
                return x;
            }
        }
        return null;
    }

    /**
     * Leader only: waits (yielding, then parking) until the follower returned by {@link #requestHelp} ran the task;
     * rethrows what the task threw.
     */
    void awaitHelp() {
        long start = System.nanoTime();
        long last = start;
        while (state != HELPED) {
            long now = System.nanoTime();
            if (now - start > YIELD_NANOS || now - last > SLOW_YIELD_NANOS) {
                LockSupport.park(this);
            } else {
                Thread.yield();
            }
            last = now;
        }
        if (helpError != null) {
            throw helpError;
        }
    }

    /** Follower side of the hand-off. */
    private void runHelp() {
        try {
            helpTask.run();
        } catch (RuntimeException e) {
            helpError = e;
        } catch (Error e) {
            helpError = new IllegalStateException("memtable insert failed: " + e, e);
        }
        Thread wake = helpLeader;
        state = HELPED;
        LockSupport.unpark(wake);
    }
}
