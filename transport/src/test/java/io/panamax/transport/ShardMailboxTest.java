package io.panamax.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ShardGroup#execute}: cross-shard tasks leave after the loop's iteration, in order, and survive a throw. */
class ShardMailboxTest {
    private ShardGroup<Integer> shards;

    @BeforeEach
    void start() {
        shards = new ShardGroup<>(TransportKind.NIO, 3, (index, loop) -> index);
    }

    @AfterEach
    void stop() {
        shards.shutdown(s -> { }, 2_000);
    }

    @Test
    void tasksPostedDuringAnIterationLeaveAfterItInOrder() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        AtomicInteger ranBeforePosterFinished = new AtomicInteger(-1);
        CountDownLatch done = new CountDownLatch(1);
        shards.loop(0).execute(() -> {
            for (int i = 0; i < 100; i++) {
                int n = i;
                shards.execute(1, () -> {
                    ran.add(n);
                    if (n == 99) {
                        done.countDown();
                    }
                });
            }
            sleep(100); // a direct execute would let shard 1 run them meanwhile
            ranBeforePosterFinished.set(ran.size());
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ranBeforePosterFinished.get()).isZero();
        assertThat(ran).hasSize(100).isSortedAccordingTo(Integer::compare);
    }

    @Test
    void orderHoldsAcrossIterationsAndTargetsAndAThrowingTaskStopsNothing() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        for (int round = 0; round < 50; round++) {
            int r = round;
            shards.loop(0).execute(() -> {
                shards.execute(1, () -> ran.add("1:" + r));
                shards.execute(2, () -> ran.add("2:" + r));
                if (r == 10) {
                    shards.execute(1, () -> {
                        throw new IllegalStateException("test: a failing task");
                    });
                }
                if (r == 49) {
                    shards.execute(1, done::countDown);
                    shards.execute(2, done::countDown);
                }
            });
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        List<String> toOne = ran.stream().filter(s -> s.startsWith("1:")).toList();
        List<String> toTwo = ran.stream().filter(s -> s.startsWith("2:")).toList();
        assertThat(toOne).hasSize(50).isSortedAccordingTo((a, b) -> Integer.compare(num(a), num(b)));
        assertThat(toTwo).hasSize(50).isSortedAccordingTo((a, b) -> Integer.compare(num(a), num(b)));
    }

    @Test
    void fromAnotherThreadTheTaskRunsAtOnceOnTheTarget() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread[] on = new Thread[1];
        shards.execute(2, () -> {
            on[0] = Thread.currentThread();
            done.countDown();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        Thread[] loopThread = new Thread[1];
        shards.loop(2).submit(() -> loopThread[0] = Thread.currentThread()).get();
        assertThat(on[0]).isSameAs(loopThread[0]);
    }

    private static int num(String s) {
        return Integer.parseInt(s.substring(2));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
