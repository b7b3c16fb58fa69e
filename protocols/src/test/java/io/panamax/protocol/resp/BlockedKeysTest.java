package io.panamax.protocol.resp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The waiter registry of one shard: fairness, claim exactly once, cleanup; with an on-heap keyspace model. */
class BlockedKeysTest {
    /** A model keyspace: key -> (type, elements). */
    static final class ModelShard implements BlockedKeys.KeyServer {
        final Map<String, Integer> types = new HashMap<>();
        final Map<String, ArrayDeque<String>> lists = new HashMap<>();
        final List<String> log = new ArrayList<>();

        void push(BlockedKeys blocked, String key, String... elements) {
            boolean added = !lists.containsKey(key);
            ArrayDeque<String> list = lists.computeIfAbsent(key, k -> new ArrayDeque<>());
            types.put(key, KeyspaceOps.TYPE_LIST);
            for (String e : elements) {
                list.addLast(e);
            }
            if (added) {
                blocked.keyAdded(b(key));
            }
        }

        void set(String key, int type) {
            types.put(key, type);
            lists.computeIfAbsent(key, k -> new ArrayDeque<>()).add("x");
        }

        @Override
        public int probe(byte[] key, Waiter w) {
            Integer type = types.get(new String(key, UTF_8));
            if (type == null) {
                return BlockedKeys.EMPTY;
            }
            return type == w.pop.type() ? BlockedKeys.SERVABLE : BlockedKeys.WRONG_TYPE;
        }

        @Override
        public Object serve(Waiter w, byte[] key) {
            String k = new String(key, UTF_8);
            ArrayDeque<String> list = lists.get(k);
            String e = list.pollFirst();
            if (list.isEmpty()) {
                lists.remove(k);
                types.remove(k);
            }
            return w.sequence + ":" + k + ":" + e;
        }

        @Override
        public void served(Waiter w, Object result) {
            log.add((String) result);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static Waiter waiter(long seq, Waiter.Pop pop, int[] shards, String... keys) {
        byte[][] k = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            k[i] = b(keys[i]);
        }
        return new Waiter(null, null, pop, k, shards, seq);
    }

    private static Waiter listWaiter(long seq, String... keys) {
        return waiter(seq, Waiter.Pop.list(true), new int[keys.length], keys);
    }

    @Test
    void servesWaitersOfAKeyFirstBlockedFirst() {
        BlockedKeys blocked = new BlockedKeys(0);
        ModelShard shard = new ModelShard();
        for (int i = 1; i <= 3; i++) {
            assertThat(blocked.register(listWaiter(i, "k"), shard)).isEqualTo(BlockedKeys.REGISTERED);
        }
        shard.push(blocked, "k", "a", "b");
        assertThat(blocked.serveReady(shard)).isEqualTo(2);
        assertThat(shard.log).containsExactly("1:k:a", "2:k:b");
        assertThat(blocked.waiterCount()).isEqualTo(1);
        assertThat(shard.lists).doesNotContainKey("k");
        shard.push(blocked, "k", "c");
        blocked.serveReady(shard);
        assertThat(shard.log).containsExactly("1:k:a", "2:k:b", "3:k:c");
        assertThat(blocked.waiterCount()).isZero();
        assertThat(blocked.keyCount()).isZero();
    }

    @Test
    void registeringServesAtOnceFromTheFirstKeyWithDataInArgumentOrder() {
        BlockedKeys blocked = new BlockedKeys(0);
        ModelShard shard = new ModelShard();
        shard.push(blocked, "b", "b1");
        shard.push(blocked, "c", "c1");
        Waiter w = listWaiter(1, "a", "c", "b");
        assertThat(blocked.register(w, shard)).isEqualTo(BlockedKeys.SERVED);
        assertThat(blocked.lastResult()).isEqualTo("1:c:c1");
        assertThat(w.waiting()).isFalse();
        assertThat(blocked.keyCount()).isZero();
        assertThat(shard.lists.get("b")).containsExactly("b1");
    }

    @Test
    void aShardVisitedOncePerRunOfKeysLooksOnlyAtThatRunAndCountsTheWaiterOnce() {
        BlockedKeys shard1 = new BlockedKeys(1);
        ModelShard m1 = new ModelShard();
        m1.push(shard1, "c", "c1");
        Waiter w = waiter(1, Waiter.Pop.list(true), new int[] {1, 0, 1, 1}, "a", "b", "c", "d");
        assertThat(shard1.register(w, 0, 1, m1)).isEqualTo(BlockedKeys.REGISTERED);
        assertThat(m1.lists.get("c")).containsExactly("c1"); // key b of shard 0 comes first in argument order
        assertThat(shard1.waiterCount()).isEqualTo(1);
        m1.lists.remove("c");
        m1.types.remove("c");
        assertThat(shard1.register(w, 2, 4, m1)).isEqualTo(BlockedKeys.REGISTERED);
        assertThat(shard1.waiterCount()).isEqualTo(1);
        assertThat(shard1.keyCount()).isEqualTo(3);
        m1.push(shard1, "d", "d1");
        assertThat(shard1.serveReady(m1)).isEqualTo(1);
        assertThat(shard1.waiterCount()).isZero();
        assertThat(shard1.keyCount()).isZero();
    }

    @Test
    void wrongTypeBeforeDataIsReportedAndDataAfterItIsNotTouched() {
        BlockedKeys blocked = new BlockedKeys(0);
        ModelShard shard = new ModelShard();
        shard.set("s", KeyspaceOps.TYPE_STRING);
        shard.push(blocked, "l", "x1");
        Waiter w = listWaiter(1, "s", "l");
        assertThat(blocked.register(w, shard)).isEqualTo(BlockedKeys.WRONGTYPE);
        assertThat(w.waiting()).isTrue(); // the caller cancels it
        assertThat(shard.lists.get("l")).containsExactly("x1");
        Waiter w2 = listWaiter(2, "l", "s");
        assertThat(blocked.register(w2, shard)).isEqualTo(BlockedKeys.SERVED);
    }

    @Test
    void aWaiterOfAnotherTypeStaysBlockedAndDoesNotHoldUpTheQueue() {
        BlockedKeys blocked = new BlockedKeys(0);
        ModelShard shard = new ModelShard();
        Waiter zset = waiter(1, Waiter.Pop.zset(true), new int[1], "k");
        Waiter list = listWaiter(2, "k");
        blocked.register(zset, shard);
        blocked.register(list, shard);
        shard.push(blocked, "k", "a");
        blocked.serveReady(shard);
        assertThat(shard.log).containsExactly("2:k:a");
        assertThat(zset.waiting()).isTrue();
        assertThat(blocked.waiterCount()).isEqualTo(1);
    }

    @Test
    void aCancelledWaiterGetsNothingAndLosesNothing() {
        BlockedKeys blocked = new BlockedKeys(0);
        ModelShard shard = new ModelShard();
        Waiter gone = listWaiter(1, "k");
        Waiter alive = listWaiter(2, "k");
        blocked.register(gone, shard);
        blocked.register(alive, shard);
        assertThat(gone.tryCancel()).isTrue(); // timed out; its removal task has not arrived yet
        shard.push(blocked, "k", "a", "b");
        blocked.serveReady(shard);
        assertThat(shard.log).containsExactly("2:k:a");
        assertThat(shard.lists.get("k")).containsExactly("b");
        blocked.remove(gone);
        assertThat(blocked.waiterCount()).isZero();
        assertThat(blocked.keyCount()).isZero();
    }

    @Test
    void removingAWaiterDropsEveryKeyItWaitedOnOnlyOnThisShard() {
        BlockedKeys shard0 = new BlockedKeys(0);
        BlockedKeys shard1 = new BlockedKeys(1);
        ModelShard m0 = new ModelShard();
        ModelShard m1 = new ModelShard();
        Waiter w = waiter(1, Waiter.Pop.list(true), new int[] {0, 1, 0}, "a", "b", "c");
        shard0.register(w, m0);
        shard1.register(w, m1);
        assertThat(shard0.keyCount()).isEqualTo(2);
        assertThat(shard1.keyCount()).isEqualTo(1);
        shard0.remove(w);
        assertThat(shard0.keyCount()).isZero();
        assertThat(shard0.waiterCount()).isZero();
        assertThat(shard1.keyCount()).isEqualTo(1);
        shard0.remove(w); // removal twice (served and timed out racing) is harmless
        assertThat(shard0.waiterCount()).isZero();
    }

    @Test
    void aWaiterOnTwoShardsIsServedByExactlyOne() {
        BlockedKeys shard0 = new BlockedKeys(0);
        BlockedKeys shard1 = new BlockedKeys(1);
        ModelShard m0 = new ModelShard();
        ModelShard m1 = new ModelShard();
        Waiter w = waiter(1, Waiter.Pop.list(true), new int[] {0, 1}, "a", "b");
        shard0.register(w, m0);
        shard1.register(w, m1);
        m0.push(shard0, "a", "a1");
        m1.push(shard1, "b", "b1");
        shard1.serveReady(m1);
        shard0.serveReady(m0);
        assertThat(m1.log).containsExactly("1:b:b1");
        assertThat(m0.log).isEmpty();
        assertThat(m0.lists.get("a")).containsExactly("a1");
        // a registration arriving after the claim (the hop was in flight) registers nothing
        assertThat(new BlockedKeys(0).register(w, m0)).isEqualTo(BlockedKeys.GONE);
    }

    @Test
    void claimAndCancelRacingFromManyThreadsHaveExactlyOneWinner() throws InterruptedException {
        long seed = new SplittableRandom().nextLong();
        System.out.println("claimAndCancelRacing seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            Waiter w = listWaiter(round, "k");
            int threads = 2 + rnd.nextInt(4);
            AtomicInteger wins = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean claim = rnd.nextBoolean();
                started.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (claim ? w.tryClaim() : w.tryCancel()) {
                        wins.incrementAndGet();
                    }
                }));
            }
            start.countDown();
            for (Thread t : started) {
                t.join();
            }
            assertThat(wins.get()).as("seed=%d round=%d", seed, round).isEqualTo(1);
            assertThat(w.waiting()).isFalse();
        }
    }

    @Test
    void randomizedAgainstAFifoModelEveryElementGoesToExactlyOneLiveWaiterInOrder() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("randomizedFifo seed=" + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        BlockedKeys blocked = new BlockedKeys(0);
        ModelShard shard = new ModelShard();
        ArrayDeque<Waiter> expectedOrder = new ArrayDeque<>();
        int pushed = 0;
        int servedAtRegister = 0;
        for (int step = 0; step < 2000; step++) {
            int op = rnd.nextInt(3);
            if (op == 0) {
                Waiter w = listWaiter(step, "k");
                int outcome = blocked.register(w, shard);
                if (outcome == BlockedKeys.REGISTERED) {
                    expectedOrder.addLast(w);
                } else {
                    assertThat(outcome).as("seed=%d", seed).isEqualTo(BlockedKeys.SERVED);
                    assertThat(expectedOrder).as("seed=%d: served past earlier waiters", seed).isEmpty();
                    servedAtRegister++;
                }
            } else if (op == 1 && !expectedOrder.isEmpty()) {
                Waiter w = new ArrayList<>(expectedOrder).get(rnd.nextInt(expectedOrder.size()));
                assertThat(w.tryCancel()).isTrue();
                expectedOrder.remove(w);
                if (rnd.nextBoolean()) {
                    blocked.remove(w);
                }
            } else {
                int n = 1 + rnd.nextInt(3);
                String[] elements = new String[n];
                for (int i = 0; i < n; i++) {
                    elements[i] = "e" + pushed++;
                }
                int before = shard.log.size();
                shard.push(blocked, "k", elements);
                blocked.serveReady(shard);
                for (int i = before; i < shard.log.size(); i++) {
                    Waiter expected = expectedOrder.pollFirst();
                    assertThat(shard.log.get(i)).as("seed=%d", seed).startsWith(expected.sequence + ":");
                }
                int left = shard.lists.containsKey("k") ? shard.lists.get("k").size() : 0;
                assertThat(left == 0 || expectedOrder.isEmpty()).as("seed=%d", seed).isTrue();
            }
        }
        int served = shard.log.size() + servedAtRegister;
        int left = shard.lists.containsKey("k") ? shard.lists.get("k").size() : 0;
        assertThat(served + left).as("seed=%d: no element lost or duplicated", seed).isEqualTo(pushed);
    }
}
