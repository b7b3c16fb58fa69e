package io.panamax.protocol.resp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The blocked clients of one shard, by key: for each key of this shard some {@link Waiter} waits on, the waiters in
 * the order they blocked (Redis blocked.c {@code db->blocking_keys}; first blocked, first served), and the keys made
 * ready since the last serve (Redis's {@code ready_keys}, filled by {@code signalKeyAsReady}).
 *
 * <p>Touched only from its shard's thread. What "has data" and "serve" mean is the {@link KeyServer}'s business, so
 * the order, claim and cleanup rules are tested here without a keyspace.
 */
final class BlockedKeys {
    /** What a key holds for one waiter. */
    static final int EMPTY = 0;
    static final int SERVABLE = 1;
    static final int WRONG_TYPE = 2;

    /** Outcomes of {@link #register}. */
    static final int REGISTERED = 0;
    static final int SERVED = 1;
    static final int WRONGTYPE = 2;
    static final int GONE = 3;

    /** The shard's side of serving: looks at a key and pops from it. */
    interface KeyServer {
        /** {@link #EMPTY} (missing key), {@link #SERVABLE} or {@link #WRONG_TYPE} for {@code w} right now. */
        int probe(byte[] key, Waiter w);

        /** Pops for {@code w}, which this shard has just claimed; returns what must be sent to its client. */
        Object serve(Waiter w, byte[] key);

        /** Routes the result of a serve made while handling ready keys (from a push) to its client. */
        void served(Waiter w, Object result);
    }

    private final int shard;
    private final HashMap<ByteBuffer, LinkedHashSet<Waiter>> byKey = new HashMap<>();
    private final ArrayDeque<ByteBuffer> ready = new ArrayDeque<>();
    private int waiterCount;
    private Object lastResult;

    BlockedKeys(int shard) {
        this.shard = shard;
    }

    /** Distinct waiters registered here. */
    int waiterCount() {
        return waiterCount;
    }

    /** Keys of this shard someone waits on. */
    int keyCount() {
        return byKey.size();
    }

    /** Whether a key some waiter waits on was added since the last {@link #serveReady}. */
    boolean hasReady() {
        return !ready.isEmpty();
    }

    /**
     * Registers {@code w} on its keys of this shard, unless one of them can serve it now (in argument order): then
     * claims and serves it, or reports WRONGTYPE for the first key holding another type (Redis replies so before
     * blocking). The result of a serve is in {@link #lastResult()}.
     *
     * @return {@link #REGISTERED}, {@link #SERVED}, {@link #WRONGTYPE} (w not claimed: the caller cancels it), or
     *     {@link #GONE} (w was already claimed or cancelled elsewhere: nothing done)
     */
    int register(Waiter w, KeyServer server) {
        return register(w, 0, w.keys.length, server);
    }

    /**
     * As {@link #register(Waiter, KeyServer)} for the keys {@code from} (inclusive) to {@code to} (exclusive) only:
     * a waiter whose keys alternate between shards visits this shard once per run of its keys, so that the first
     * key with data in argument order serves it.
     */
    int register(Waiter w, int from, int to, KeyServer server) {
        lastResult = null;
        if (!w.waiting()) {
            return GONE;
        }
        for (int i = from; i < to; i++) {
            if (w.keyShards[i] != shard) {
                continue;
            }
            int probe = server.probe(w.keys[i], w);
            if (probe == WRONG_TYPE) {
                return WRONGTYPE;
            }
            if (probe == SERVABLE) {
                if (!w.tryClaim()) {
                    return GONE;
                }
                remove(w);
                lastResult = server.serve(w, w.keys[i]);
                return SERVED;
            }
        }
        boolean wasHere = isHere(w);
        for (int i = from; i < to; i++) {
            if (w.keyShards[i] == shard) {
                byKey.computeIfAbsent(ByteBuffer.wrap(w.keys[i]), k -> new LinkedHashSet<>()).add(w);
            }
        }
        if (!wasHere && isHere(w)) {
            waiterCount++;
        }
        return REGISTERED;
    }

    private boolean isHere(Waiter w) {
        for (int i = 0; i < w.keys.length; i++) {
            if (w.keyShards[i] == shard) {
                LinkedHashSet<Waiter> queue = byKey.get(ByteBuffer.wrap(w.keys[i]));
                if (queue != null && queue.contains(w)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The result of the serve done by the last {@link #register} that returned {@link #SERVED}. */
    Object lastResult() {
        return lastResult;
    }

    /** Removes every registration of {@code w} on this shard (after it was served, timed out or disconnected). */
    void remove(Waiter w) {
        boolean removed = false;
        for (int i = 0; i < w.keys.length; i++) {
            if (w.keyShards[i] != shard) {
                continue;
            }
            ByteBuffer key = ByteBuffer.wrap(w.keys[i]);
            LinkedHashSet<Waiter> queue = byKey.get(key);
            if (queue != null && queue.remove(w)) {
                removed = true;
                if (queue.isEmpty()) {
                    byKey.remove(key);
                }
            }
        }
        if (removed) {
            waiterCount--;
        }
    }

    /**
     * Notes that {@code key} now holds a value of a type it did not hold (the keyspace's add hook); cheap when
     * nobody waits on this shard. Serving waits for {@link #serveReady}, after the command that added the key.
     */
    void keyAdded(MemorySegment key, int type) {
        if (byKey.isEmpty()) {
            return;
        }
        ByteBuffer k = ByteBuffer.wrap(key.toArray(ValueLayout.JAVA_BYTE));
        if (byKey.containsKey(k) && !ready.contains(k)) {
            ready.addLast(k);
        }
    }

    /** As {@link #keyAdded(MemorySegment, int)} for a heap key (tests). */
    void keyAdded(byte[] key) {
        keyAdded(MemorySegment.ofArray(key), 0);
    }

    /**
     * Serves the waiters of every ready key, first blocked first, while the key has data for them; a waiter whose
     * type does not match the key's stays blocked (Redis 7.0). Keys made ready while serving (BLMOVE pushing into a
     * key others wait on) are served in the same call.
     *
     * @return how many waiters were served
     */
    int serveReady(KeyServer server) {
        int served = 0;
        while (!ready.isEmpty()) {
            ByteBuffer key = ready.pollFirst();
            byte[] keyBytes = key.array();
            LinkedHashSet<Waiter> queue = byKey.get(key);
            if (queue == null) {
                continue;
            }
            List<Waiter> claimed = new ArrayList<>(2);
            for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                int probe = server.probe(keyBytes, w);
                if (probe == EMPTY) {
                    break;
                }
                if (probe == WRONG_TYPE) {
                    continue;
                }
                if (!w.tryClaim()) {
                    continue; // timed out or served elsewhere: its removal task is on its way
                }
                claimed.add(w);
                remove(w);
                Object result = server.serve(w, keyBytes);
                served++;
                server.served(w, result);
                queue = byKey.get(key);
                if (queue == null) {
                    break;
                }
                it = queue.iterator();
            }
        }
        return served;
    }
}
