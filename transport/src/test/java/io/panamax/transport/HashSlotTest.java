package io.panamax.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashSlotTest {
    private static int slot(String key) {
        return HashSlot.of(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void matchesRedisClusterKeyslot() {
        // Values from CLUSTER KEYSLOT on Redis 7 and the CRC16/XMODEM check value (0x31C3).
        assertThat(slot("123456789")).isEqualTo(0x31C3 % 16384);
        assertThat(slot("foo")).isEqualTo(12182);
        assertThat(slot("bar")).isEqualTo(5061);
        assertThat(slot("")).isZero();
    }

    @Test
    void honoursHashTags() {
        assertThat(slot("{user1000}.following")).isEqualTo(slot("{user1000}.followers")).isEqualTo(slot("user1000"));
        assertThat(slot("foo{}{bar}")).isEqualTo(slot("foo{}{bar}")).isNotEqualTo(slot("bar"));
        assertThat(slot("foo{{bar}}zap")).isEqualTo(slot("{bar"));
        assertThat(slot("foo{bar}{zap}")).isEqualTo(slot("bar"));
    }

    @Test
    void shardGroupMapsSlotsInContiguousRanges() {
        ShardGroup<Integer> group = new ShardGroup<>(TransportKind.NIO, 3, (i, loop) -> i);
        try {
            assertThat(group.shardOfSlot(0)).isZero();
            assertThat(group.shardOfSlot(16383)).isEqualTo(2);
            int previous = 0;
            for (int s = 0; s < HashSlot.SLOT_COUNT; s++) {
                assertThat(group.shardOfSlot(s)).isBetween(previous, previous + 1);
                previous = group.shardOfSlot(s);
            }
            assertThat(group.state(1)).isEqualTo(1);
            assertThat(group.shardOf(group.loop(2))).isEqualTo(2);
        } finally {
            group.shutdown(state -> {}, 2000);
        }
    }
}
