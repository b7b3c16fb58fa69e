package io.panamax.protocol.resp;

import io.panamax.engine.collection.LazyFree;
import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.keyspace.KeyspaceConfig;
import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One shard: the keyspace partition owned by one event loop, and its counters. Created on, and
 * only touched from, that loop's thread.
 */
public final class Shard {
    /** How long one active expiry cycle may run (Redis: 25% of 100 ms in its slow cycle; we take less, more often). */
    static final long ACTIVE_EXPIRE_BUDGET_NANOS = 1_000_000L;
    static final long ACTIVE_EXPIRE_PERIOD_MS = 50;
    /**
     * Period of the shard's cached clock for access words (LRU idle seconds, LFU minutes): a lookup reads a field
     * instead of the system clock, as Redis's lookups read {@code server.lruclock}, which its cron refreshes.
     */
    static final long ACCESS_CLOCK_PERIOD_MS = 10;
    /** How long one lazy free step may run before the loop serves I/O again. */
    static final long LAZY_FREE_BUDGET_NANOS = 1_000_000L;

    private final int index;
    private final Keyspace keyspace;
    private final ScheduledFuture<?> expireTask;
    private final ScheduledFuture<?> accessClockTask;
    /** Wall clock in ms as of the last {@link #ACCESS_CLOCK_PERIOD_MS} tick; written and read on the loop thread. */
    private long accessClockMs = System.currentTimeMillis();
    private final ShardWaiters waiters;
    private final EventLoop loop;
    private final LazyFree lazyFree;

    /** Key hashes of one prefetch on this shard's thread (Keyspace#prefetch): at most 64 keys per batch. */
    final long[] prefetchHashes = new long[64];

    long commandsProcessed;
    long keyspaceHits;
    long keyspaceMisses;
    long expiredKeys;
    long errorsHandled;

    public Shard(int index, EventLoop loop, long maxmemoryBytes) {
        this.index = index;
        this.keyspace = new Keyspace(new KeyspaceConfig(1024, maxmemoryBytes, System::currentTimeMillis,
                () -> accessClockMs));
        this.loop = loop;
        this.lazyFree = new LazyFree(keyspace, KeyspaceOps.TYPE_ZSET, this::scheduleLazyFree);
        this.lazyFree.synchronous(maxmemoryBytes > 0);
        this.keyspace.valueReleaser(lazyFree);
        this.waiters = new ShardWaiters(this, loop);
        this.keyspace.addListener(waiters::keyAdded);
        this.expireTask = loop.scheduleWithFixedDelay(
                this::activeExpire, ACTIVE_EXPIRE_PERIOD_MS, ACTIVE_EXPIRE_PERIOD_MS, TimeUnit.MILLISECONDS);
        this.accessClockTask = loop.scheduleWithFixedDelay(
                () -> accessClockMs = System.currentTimeMillis(), ACCESS_CLOCK_PERIOD_MS, ACCESS_CLOCK_PERIOD_MS,
                TimeUnit.MILLISECONDS);
    }

    /** Runs one lazy free step after the I/O and tasks already queued on the loop (a scheduled task, not a busy loop). */
    private void scheduleLazyFree() {
        loop.schedule(this::lazyFreeStep, 0, TimeUnit.NANOSECONDS);
    }

    private void lazyFreeStep() {
        try {
            if (lazyFree.step(LAZY_FREE_BUDGET_NANOS)) {
                scheduleLazyFree();
            }
        } catch (RuntimeException e) {
            errorsHandled++;
        }
    }

    /** Deletes every key (FLUSHDB/FLUSHALL) and forgets pending lazy frees, whose chunks the clear freed. */
    public void clear() {
        keyspace.clear();
        lazyFree.forgetAll();
    }

    private void activeExpire() {
        try {
            expiredKeys += keyspace.activeExpireCycle(ACTIVE_EXPIRE_BUDGET_NANOS);
        } catch (RuntimeException e) {
            errorsHandled++;
        }
    }

    public int index() {
        return index;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /** The clients blocked on keys of this shard (BLPOP and friends). */
    ShardWaiters waiters() {
        return waiters;
    }

    /** Serves clients blocked on keys the last command made ready; called after every command run on this shard. */
    void serveBlocked() {
        waiters.serveReady();
    }

    /** Counts a lookup for {@code INFO stats} keyspace_hits/keyspace_misses. */
    public void countLookup(boolean hit) {
        if (hit) {
            keyspaceHits++;
        } else {
            keyspaceMisses++;
        }
    }

    /** Counts one executed command (for protocols outside this package, e.g. the cache protocol). */
    public void countCommand() {
        commandsProcessed++;
    }

    /** Counts one command that failed with an internal error. */
    public void countError() {
        errorsHandled++;
    }

    /**
     * Sets {@code maxmemory-policy} and its parameters for this shard's writes. Cache protocol writes evict under
     * {@code noeviction} too (as allkeys-lru, KV-Cache's promise), and by the policy otherwise.
     */
    public void evictionConfig(io.panamax.engine.keyspace.EvictionConfig config) {
        keyspace.evictionConfig(config);
    }

    /** Sets this shard's share of {@code maxmemory}; 0 = no limit. */
    public void maxmemoryBytes(long bytes) {
        keyspace.maxmemoryBytes(bytes);
        lazyFree.synchronous(bytes > 0); // eviction must see memory drop as it deletes (see LazyFree)
    }

    /** Frees the keyspace; called on the shard's thread at shutdown. */
    public void close() {
        expireTask.cancel(false);
        accessClockTask.cancel(false);
        lazyFree.forgetAll();
        keyspace.close();
    }

    /** A snapshot of this shard's counters, safe to hand to another thread. */
    public ShardStats stats() {
        return new ShardStats(index, keyspace.size(), keyspace.volatileCount(), keyspace.usedMemoryBytes(),
                keyspace.reservedMemoryBytes(), commandsProcessed, keyspaceHits, keyspaceMisses, expiredKeys,
                keyspace.evictedCount(), errorsHandled, lazyFree.pendingObjects(), lazyFree.freedObjects());
    }
}
