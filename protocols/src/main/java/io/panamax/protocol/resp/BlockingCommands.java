package io.panamax.protocol.resp;

import io.panamax.transport.ShardGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, BZPOPMAX (Redis 7.0 t_list.c, t_zset.c, blocked.c; command pages
 * redis.io/commands/blpop etc.).
 *
 * <p>A blocking command is a barrier for its connection: later pipelined commands wait behind it. It visits the
 * shards owning its keys in argument order (consecutive keys of one shard in one hop); on each it serves at once from
 * the first key holding data, or replies WRONGTYPE for a key of another type, or registers a {@link Waiter} there
 * ({@link BlockedKeys}). A waiter registered on several shards is claimed by exactly one of them (CAS, before any
 * pop), which pops on its own thread and sends the reply to the client's loop; the other registrations are removed
 * by tasks. Timeout, disconnect and {@code CLIENT UNBLOCK} cancel the waiter with the same CAS, so a pop is never
 * lost or duplicated.
 *
 * <p>Atomicity: with all keys on one shard, serving is atomic as in Redis. Across shards the immediate check is
 * atomic per shard, not across them (a key of a later shard may be filled while an earlier one is looked at). A
 * BLMOVE whose destination is on another shard pops on the source shard and pushes on the destination shard in a
 * second hop, as LMOVE does ({@link ListMoveCommands}): another client may see the element in neither list in
 * between; if the destination then holds another type (or memory is out) the element is pushed back where it was
 * popped and the client gets the error. Inside MULTI: not applicable, MULTI is not implemented.
 */
final class BlockingCommands {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlockingCommands.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Timeouts past a thousand years are not scheduled (the loop's nanosecond clock would overflow). */
    private static final long NO_TIMER_MS = 1000L * 365 * 24 * 3600 * 1000;
    private static final byte[] UNBLOCKED = RespErrors.encode("UNBLOCKED client unblocked via CLIENT UNBLOCK");

    private BlockingCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.async("blpop", -3, "write noscript blocking", 1, -2, 1, "write list slow blocking",
                (s, c, slot) -> pop(s, c, slot, Waiter.Pop.list(true))));
        t.register(CommandSpec.async("brpop", -3, "write noscript blocking", 1, -2, 1, "write list slow blocking",
                (s, c, slot) -> pop(s, c, slot, Waiter.Pop.list(false))));
        t.register(CommandSpec.async("bzpopmin", -3, "write noscript blocking fast", 1, -2, 1,
                "write sortedset fast blocking", (s, c, slot) -> pop(s, c, slot, Waiter.Pop.zset(true))));
        t.register(CommandSpec.async("bzpopmax", -3, "write noscript blocking fast", 1, -2, 1,
                "write sortedset fast blocking", (s, c, slot) -> pop(s, c, slot, Waiter.Pop.zset(false))));
        t.register(CommandSpec.async("blmove", 6, "write denyoom noscript blocking", 1, 2, 1,
                "write list slow blocking", BlockingCommands::blmove));
        t.register(CommandSpec.async("brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1,
                "write list slow blocking", (s, c, slot) -> block(s, slot, Waiter.Pop.move(false, c.argBytes(2), true),
                        new byte[][] {c.argBytes(1)}, c.argString(3))));
    }

    private static boolean pop(RespSession session, RespCommand c, ReplySlot slot, Waiter.Pop pop) {
        byte[][] keys = new byte[c.argCount() - 2][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = c.argBytes(i + 1);
        }
        return block(session, slot, pop, keys, c.argString(c.argCount() - 1));
    }

    private static boolean blmove(RespSession session, RespCommand c, ReplySlot slot) {
        boolean fromLeft = c.argIs(3, "LEFT");
        boolean toLeft = c.argIs(4, "LEFT");
        if ((!fromLeft && !c.argIs(3, "RIGHT")) || (!toLeft && !c.argIs(4, "RIGHT"))) {
            slot.completeWithError("ERR syntax error");
            return false;
        }
        return block(session, slot, Waiter.Pop.move(fromLeft, c.argBytes(2), toLeft), new byte[][] {c.argBytes(1)},
                c.argString(5));
    }

    private static boolean block(RespSession session, ReplySlot slot, Waiter.Pop pop, byte[][] keys, String timeout) {
        long timeoutMs = BlockingTimeout.parseMillis(timeout);
        if (timeoutMs < 0) {
            slot.completeWithError(BlockingTimeout.error(timeoutMs));
            return false;
        }
        RespConnection conn = session.server().client(session.clientId());
        int[] keyShards = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keyShards[i] = session.shardOf(keys[i]);
        }
        Waiter w = new Waiter(conn, slot, pop, keys, keyShards, SEQUENCE.incrementAndGet());
        conn.blockedOn(w);
        if (timeoutMs > 0 && timeoutMs < NO_TIMER_MS) {
            w.timeout = conn.loop().schedule(() -> cancel(w, Served.TIMEOUT), timeoutMs, TimeUnit.MILLISECONDS);
        }
        visit(session, w, 0);
        return !slot.done;
    }

    /** Registers (or serves) {@code w} on the shard of its key {@code from} and the following keys of that shard. */
    private static void visit(RespSession session, Waiter w, int from) {
        if (from == w.keys.length || !w.waiting()) {
            return;
        }
        int shard = w.keyShards[from];
        int next = from;
        while (next < w.keys.length && w.keyShards[next] == shard) {
            next++;
        }
        int after = next;
        session.onShard(w.slot, shard, s -> {
            int outcome = s.waiters().blocked().register(w, from, after, s.waiters());
            return outcome == BlockedKeys.SERVED ? s.waiters().blocked().lastResult() : outcome;
        }, outcome -> {
            if (outcome instanceof Served served) {
                route(w, served, sessionHop(session, w));
            } else if ((Integer) outcome == BlockedKeys.WRONGTYPE) {
                cancel(w, Served.error(RespErrors.WRONGTYPE));
            } else if ((Integer) outcome == BlockedKeys.REGISTERED) {
                visit(session, w, after);
            }
        });
    }

    /** Sends a shard hop; {@code then} runs on the waiter's connection loop. */
    interface Hop {
        <T> void run(int shard, Function<Shard, T> work, Consumer<T> then);
    }

    /** Hops ordered with the connection's other commands (used while the command is first looked at). */
    private static Hop sessionHop(RespSession session, Waiter w) {
        return new Hop() {
            @Override
            public <T> void run(int shard, Function<Shard, T> work, Consumer<T> then) {
                session.onShard(w.slot, shard, work, then);
            }
        };
    }

    /** Hops from a shard that served a waiter after a push: plain tasks on the target loop, then the client loop. */
    static Hop directHop(Waiter w) {
        ShardGroup<Shard> shards = w.connection.server().shards();
        return new Hop() {
            @Override
            public <T> void run(int shard, Function<Shard, T> work, Consumer<T> then) {
                shards.execute(shard, () -> {
                    Shard s = shards.state(shard);
                    T result = work.apply(s);
                    s.serveBlocked();
                    shards.execute(w.connection.localShard(), () -> then.accept(result));
                });
            }
        };
    }

    /** Brings a serve result to the client: through the destination shard first for a cross-shard BLMOVE. */
    static void route(Waiter w, Served served, Hop hop) {
        if (served.pushToShard() < 0) {
            w.connection.server().shards().execute(w.connection.localShard(), () -> deliver(w, served));
            return;
        }
        Waiter.Pop pop = w.pop;
        int srcShard = w.connection.shardOf(served.key());
        hop.run(served.pushToShard(), s -> ShardWaiters.pushOnDestination(s, pop.destination(), served.element(),
                pop.toLeft()), error -> {
                    if (error == null) {
                        deliver(w, served.pushed());
                        return;
                    }
                    hop.run(srcShard, s -> ShardWaiters.giveBack(s, served.key(), served.element(), pop.first()),
                            ok -> {
                                if (!ok) {
                                    LOG.warn("BLMOVE: element popped from {} could not be pushed to {} nor given back"
                                            + " (both changed type or memory is out); dropped", new String(served.key(),
                                            java.nio.charset.StandardCharsets.UTF_8), new String(pop.destination(),
                                            java.nio.charset.StandardCharsets.UTF_8));
                                }
                                deliver(w, Served.error(error));
                            });
                });
    }

    /** Timeout, disconnect, CLIENT UNBLOCK, WRONGTYPE: wins the waiter unless a shard claimed it first. */
    static boolean cancel(Waiter w, Served reply) {
        if (!w.tryCancel()) {
            return false;
        }
        unregister(w, -1);
        if (reply != null) {
            w.connection.server().shards().execute(w.connection.localShard(), () -> deliver(w, reply));
        }
        return true;
    }

    /** Removes {@code w}'s registrations from every shard but {@code except} (which did it already). */
    static void unregister(Waiter w, int except) {
        ShardGroup<Shard> shards = w.connection.server().shards();
        for (int shard : w.shards) {
            if (shard != except) {
                shards.execute(shard, () -> shards.state(shard).waiters().blocked().remove(w));
            }
        }
    }

    /** Writes the reply of a finished blocking command; on the connection's loop. */
    static void deliver(Waiter w, Served s) {
        RespConnection conn = w.connection;
        if (w.timeout != null) {
            w.timeout.cancel(false);
        }
        conn.unblocked(w);
        if (conn.isClosed() || w.slot.done) {
            return;
        }
        Reply r = w.slot.reply();
        boolean zset = w.pop.type() == KeyspaceOps.TYPE_ZSET;
        if (s.error() != null) {
            r.raw(s.error());
        } else if (s.element() == null) {
            r.nullArray(); // Redis 7.0 replyToBlockedClientTimedOut: a null array for BLMOVE too
        } else if (w.pop.destination() != null) {
            r.bulk(s.element());
        } else {
            r.array(zset ? 3 : 2);
            r.bulk(s.key());
            r.bulk(s.element());
            if (zset) {
                r.score(s.score());
            }
        }
        w.slot.complete();
    }

    /** The connection closed: its waiter, if any, is cancelled without a reply. */
    static void disconnected(RespConnection conn) {
        Waiter w = conn.blockedOn();
        if (w != null) {
            if (w.timeout != null) {
                w.timeout.cancel(false);
            }
            cancel(w, null);
        }
    }

    /** {@code CLIENT UNBLOCK id [TIMEOUT|ERROR]}: 1 when that client was blocked and is now unblocked, else 0. */
    static void unblock(RespSession session, RespCommand c, Reply r) {
        if (c.argCount() < 3 || c.argCount() > 4) {
            r.error(RespErrors.wrongArity("client|unblock"));
            return;
        }
        if (!c.isLong(2)) {
            r.raw(RespErrors.NOT_INTEGER);
            return;
        }
        boolean error = false;
        if (c.argCount() == 4) {
            if (c.argIs(3, "ERROR")) {
                error = true;
            } else if (!c.argIs(3, "TIMEOUT")) {
                r.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
                return;
            }
        }
        RespConnection target = session.server().client(c.argLong(2));
        Waiter w = target == null ? null : target.blockedOn();
        r.integer(w != null && cancel(w, error ? Served.error(UNBLOCKED) : Served.TIMEOUT) ? 1 : 0);
    }

    /** Clients now blocked, for {@code INFO clients} blocked_clients. */
    static long blockedClients(RespServer server) {
        long n = 0;
        for (RespConnection c : server.clients()) {
            Waiter w = c.blockedOn();
            if (w != null && w.waiting()) {
                n++;
            }
        }
        return n;
    }
}
