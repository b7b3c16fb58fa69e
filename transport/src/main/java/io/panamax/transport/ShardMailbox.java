package io.panamax.transport;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cross-shard messages one shard's loop sends during one event-loop iteration, coalesced: every task posted to
 * shard j while the loop serves its reads and tasks travels to j as part of ONE task, handed over after the
 * iteration (Netty's {@link SingleThreadEventLoop#executeAfterEventLoopIteration tail task}). With 50 clients whose
 * reads complete in the same iteration, that is one queue offer and at most one wake-up of j instead of 50 — the
 * per-iteration batching of Seastar's cross-core queues, on Netty's task queues.
 *
 * <p>Tasks for one target run there in the order they were posted, and after every task posted to it in an earlier
 * iteration. Only the owning loop's thread may {@link #post}; delivery runs each task on the target's thread, and a
 * task that throws is logged and does not stop the tasks behind it.
 */
final class ShardMailbox implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardMailbox.class);

    private final int shard;
    private final SingleThreadEventLoop loop;
    private final EventLoop[] targets;
    private final Runnable[][] outbox;
    private final int[] counts;
    private boolean flushQueued;

    ShardMailbox(int shard, EventLoop[] loops) {
        this.shard = shard;
        this.loop = (SingleThreadEventLoop) loops[shard];
        this.targets = loops;
        this.outbox = new Runnable[loops.length][];
        this.counts = new int[loops.length];
        for (int i = 0; i < loops.length; i++) {
            outbox[i] = new Runnable[16];
        }
    }

    /** Queues {@code task} for shard {@code target}; on this mailbox's loop thread only. */
    void post(int target, Runnable task) {
        assert loop.inEventLoop() : "post from shard " + shard + "'s loop only";
        Runnable[] box = outbox[target];
        int n = counts[target];
        if (n == box.length) {
            box = outbox[target] = Arrays.copyOf(box, n * 2);
        }
        box[n] = task;
        counts[target] = n + 1;
        if (!flushQueued) {
            flushQueued = true;
            loop.executeAfterEventLoopIteration(this);
        }
    }

    /** The tail task: hands each target its tasks of this iteration as one task. */
    @Override
    public void run() {
        flushQueued = false;
        for (int target = 0; target < targets.length; target++) {
            int n = counts[target];
            if (n == 0) {
                continue;
            }
            counts[target] = 0;
            Runnable[] box = outbox[target];
            Runnable task = n == 1 ? box[0] : new Delivery(Arrays.copyOf(box, n));
            Arrays.fill(box, 0, n, null);
            try {
                targets[target].execute(task);
            } catch (RejectedExecutionException shutDown) {
                LOG.debug("shard {} has shut down: {} cross-shard task(s) from shard {} dropped", target, n, shard);
            }
        }
    }

    /** Several tasks for one target, run there in order. */
    private record Delivery(Runnable[] tasks) implements Runnable {
        @Override
        public void run() {
            for (Runnable task : tasks) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("cross-shard task failed", e);
                }
            }
        }
    }
}
