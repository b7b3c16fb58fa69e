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

    /** Bit-at-a-time CRC-16/XMODEM, straight from its definition (polynomial 0x1021, initial value 0). */
    private static int referenceCrc16(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (data[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    @Test
    void matchesABitwiseCrc16ForEveryLengthAndOffset() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("HashSlotTest seed=" + seed + " (replay with -Dtests.seed=" + seed + ")");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        io.netty.buffer.ByteBuf direct = io.netty.buffer.Unpooled.directBuffer(64);
        try {
            for (int round = 0; round < 20_000; round++) {
                int length = rnd.nextInt(41);
                int offset = rnd.nextInt(16);
                byte[] bytes = new byte[offset + length];
                for (int i = 0; i < bytes.length; i++) {
                    // no braces, so the whole key is hashed
                    bytes[i] = (byte) (rnd.nextInt(256));
                    if (bytes[i] == '{' || bytes[i] == '}') {
                        bytes[i] = 'x';
                    }
                }
                int expected = referenceCrc16(bytes, offset, offset + length) % HashSlot.SLOT_COUNT;
                assertThat(HashSlot.of(io.netty.buffer.Unpooled.wrappedBuffer(bytes), offset, length))
                        .as("heap, length %d offset %d seed %d", length, offset, seed).isEqualTo(expected);
                direct.clear().writeBytes(bytes);
                assertThat(HashSlot.of(direct, offset, length))
                        .as("direct, length %d offset %d seed %d", length, offset, seed).isEqualTo(expected);
            }
        } finally {
            direct.release();
        }
    }
}
