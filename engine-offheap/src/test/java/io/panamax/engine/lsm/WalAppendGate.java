package io.panamax.engine.lsm;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a store's group-commit leaders just before their WAL write ({@link LsmStore#beforeWalAppend}) until {@link
 * #open()}, so that a test can act while a commit is in progress (writers queue behind it).
 */
final class WalAppendGate {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);

    private WalAppendGate() {}

    /** Installs a closed gate on {@code store}. */
    static WalAppendGate install(LsmStore store) {
        WalAppendGate gate = new WalAppendGate();
        store.beforeWalAppend = () -> {
            gate.entered.countDown();
            try {
                gate.opened.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return gate;
    }

    /** Waits (up to 10 s) until a leader is held at the gate; false on timeout. */
    boolean awaitHeld() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }

    /** Lets every held and later leader through. */
    void open() {
        opened.countDown();
    }
}
