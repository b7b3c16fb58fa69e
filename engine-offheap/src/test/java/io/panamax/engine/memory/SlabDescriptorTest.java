package io.panamax.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlabDescriptorTest {
  @Test
  void roundsSmallRequestsUpToTheNextMultipleOfEight() {
    assertThat(SlabDescriptor.chunkBytesFor(0)).isEqualTo(8);
    assertThat(SlabDescriptor.chunkBytesFor(1)).isEqualTo(8);
    assertThat(SlabDescriptor.chunkBytesFor(8)).isEqualTo(8);
    assertThat(SlabDescriptor.chunkBytesFor(9)).isEqualTo(16);
    assertThat(SlabDescriptor.chunkBytesFor(80)).isEqualTo(80);
    assertThat(SlabDescriptor.chunkBytesFor(81)).isEqualTo(88);
    assertThat(SlabDescriptor.chunkBytesFor(128)).isEqualTo(128);
    for (int s = 1; s <= 128; s++) {
      assertThat(SlabDescriptor.classBytes(SlabDescriptor.sizeClassFor(s))).isEqualTo((s + 7) / 8 * 8);
    }
  }

  @Test
  void growsClassesByAtMostAnEighthPlusRoundingAbove128Bytes() {
    int classes = SlabDescriptor.classCount();
    assertThat(SlabDescriptor.classBytes(15)).isEqualTo(128);
    for (int c = 16; c < classes; c++) {
      int prev = SlabDescriptor.classBytes(c - 1);
      int cur = SlabDescriptor.classBytes(c);
      assertThat(cur % 8).isZero();
      assertThat(cur).isGreaterThan(prev).isLessThanOrEqualTo(prev + prev / 8 + 8);
    }
    assertThat(SlabDescriptor.classBytes(classes - 1)).isEqualTo(SlabDescriptor.MAX_CLASS_BYTES);
  }

  @Test
  void picksTheSmallestClassThatHoldsTheRequest() {
    for (long s = 0; s <= SlabDescriptor.MAX_CLASS_BYTES; s += 37) {
      int c = SlabDescriptor.sizeClassFor(s);
      assertThat((long) SlabDescriptor.classBytes(c)).isGreaterThanOrEqualTo(s);
      if (c > 0) {
        assertThat((long) SlabDescriptor.classBytes(c - 1)).isLessThan(Math.max(s, 1));
      }
    }
  }

  @Test
  void treatsRequestsAbove256KiBAsLargeRoundedTo4KiB() {
    assertThat(SlabDescriptor.sizeClassFor(256 * 1024 + 1)).isEqualTo(SlabDescriptor.LARGE_CLASS);
    assertThat(SlabDescriptor.chunkBytesFor(256 * 1024 + 1)).isEqualTo(256 * 1024 + 4096);
  }

  @Test
  void packsPageIndexAndOffsetIntoTheLow48Bits() {
    long handle = SlabDescriptor.handle((1 << 28) - 1, (1 << 20) - 8);
    assertThat(handle).isEqualTo(0x0000_FFFF_FFFF_FFF8L);
    long withCallerBits = handle | 0xABCDL << 48;
    assertThat(SlabDescriptor.pageIndex(withCallerBits)).isEqualTo((1 << 28) - 1);
    assertThat(SlabDescriptor.offset(withCallerBits)).isEqualTo((1 << 20) - 8);
  }
}
