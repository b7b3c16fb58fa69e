package io.panamax.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.memory.TestSeed;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketDescriptorTest {
  @Test
  void matchFindsExactlyTheSlotsWithTheTagAndNeverTheOverflowByte() {
    long seed = TestSeed.seed("matchFindsExactlyTheSlotsWithTheTagAndNeverTheOverflowByte");
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 200_000; round++) {
      long word = 0;
      int tag = rnd.nextBoolean() ? 0 : 0x80 | rnd.nextInt(128);
      for (int i = 0; i < 8; i++) {
        int b = switch (rnd.nextInt(4)) {
          case 0 -> tag;
          case 1 -> tag ^ 1;
          case 2 -> 0;
          default -> rnd.nextInt(256);
        };
        word |= (long) b << (8 * i);
      }
      long expected = 0;
      for (int i = 0; i < 7; i++) {
        if (((word >>> (8 * i)) & 0xFF) == tag) {
          expected |= 0x80L << (8 * i);
        }
      }
      assertThat(BucketDescriptor.match(word, tag)).as("word=%x tag=%x seed=%d", word, tag, seed).isEqualTo(expected);
    }
  }

  @Test
  void fullMaskIgnoresTheOverflowByte() {
    assertThat(BucketDescriptor.fullMask(0xFF80_0000_0000_0080L)).isEqualTo(0x0080_0000_0000_0080L);
    assertThat(BucketDescriptor.overflow(0xFF80_0000_0000_0080L)).isEqualTo(255);
  }
}
