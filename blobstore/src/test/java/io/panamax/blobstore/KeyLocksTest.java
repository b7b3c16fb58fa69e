package io.panamax.blobstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyLocksTest {
    @Test
    void aHeldKeyRefusesASecondWriterUntilReleased() {
        KeyLocks locks = new KeyLocks();
        byte[] key = {'/', (byte) 0xC3, 0};
        assertThat(locks.tryLock(key)).isTrue();
        assertThat(locks.tryLock(key.clone())).isFalse();
        assertThat(locks.tryLock(new byte[] {'/', (byte) 0xC3, 1})).as("another key").isTrue();
        locks.unlock(key);
        assertThat(locks.tryLock(key)).isTrue();
        assertThat(locks.size()).isEqualTo(2);
    }
}
