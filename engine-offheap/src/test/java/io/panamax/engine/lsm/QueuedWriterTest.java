package io.panamax.engine.lsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The hand-off protocol between a group-commit leader and a waiting follower, with real threads. */
class QueuedWriterTest {

    /** A follower thread that creates its QueuedWriter, waits for {@code go}, then waits its turn. */
    private static final class Follower {
        final AtomicReference<QueuedWriter> writer = new AtomicReference<>();
        final CountDownLatch created = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        final Thread thread;

        Follower(boolean yield) {
            thread = Thread.ofPlatform().start(() -> {
                writer.set(new QueuedWriter(null));
                created.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                writer.get().awaitTurn(yield);
            });
        }

        QueuedWriter awaitCreated() throws InterruptedException {
            assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
            return writer.get();
        }

        void commitAndJoin() throws InterruptedException {
            writer.get().done = true;
            LockSupport.unpark(thread);
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
        }
    }

    @Test
    void aTaskHandedToAWaitingFollowerRunsOnItsThreadAndTheLeaderWaitsForIt() throws Exception {
        for (boolean yield : new boolean[] {true, false}) {
            Follower f = new Follower(yield);
            QueuedWriter follower = f.awaitCreated();
            QueuedWriter self = new QueuedWriter(null);
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            // Asked before the follower starts waiting: it serves the request whether it yields or parks.
            QueuedWriter helper = QueuedWriter.requestHelp(List.of(self, follower), () -> ranOn.set(Thread.currentThread()));
            assertThat(helper).isSameAs(follower);
            f.go.countDown();
            helper.awaitHelp();
            assertThat(ranOn.get()).isSameAs(f.thread);
            assertThat(f.thread.isAlive()).isTrue(); // still waiting for its own commit
            f.commitAndJoin();
        }
    }

    @Test
    void aFollowerThatAlreadyParkedRefusesAndTheLeaderRunsTheTaskItself() throws Exception {
        Follower f = new Follower(false);
        QueuedWriter follower = f.awaitCreated();
        f.go.countDown();
        while (LockSupport.getBlocker(f.thread) != follower) { // parked in awaitTurn, not on the latch
            Thread.sleep(1);
        }
        assertThat(QueuedWriter.requestHelp(List.of(new QueuedWriter(null), follower), () -> { })).isNull();
        f.commitAndJoin();
    }

    @Test
    void theLeaderNeverHandsTheTaskToItself() {
        QueuedWriter self = new QueuedWriter(null);
        assertThat(QueuedWriter.requestHelp(List.of(self), () -> { })).isNull();
    }

    @Test
    void whatTheTaskThrowsReachesTheLeaderAndTheFollowerKeepsWaiting() throws Exception {
        Follower f = new Follower(true);
        QueuedWriter follower = f.awaitCreated();
        QueuedWriter helper = QueuedWriter.requestHelp(List.of(new QueuedWriter(null), follower), () -> {
            throw new IllegalStateException("memtable sized for the group overflowed");
        });
        f.go.countDown();
        assertThatThrownBy(helper::awaitHelp).isInstanceOf(IllegalStateException.class).hasMessageContaining("overflowed");
        assertThat(f.thread.isAlive()).isTrue();
        f.commitAndJoin();
    }
}
