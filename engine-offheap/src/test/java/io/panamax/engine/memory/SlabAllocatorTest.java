package io.panamax.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlabAllocatorTest {
  @Test
  void reusesAFreedChunkForTheNextAllocationOfItsClass() {
    try (SlabAllocator slabs = new SlabAllocator(0)) {
      long a = slabs.allocate(80);
      long b = slabs.allocate(80);
      assertThat(b).isNotEqualTo(a);
      assertThat(slabs.segment(a)).isSameAs(slabs.segment(b));
      slabs.free(a);
      assertThat(slabs.allocate(75)).isEqualTo(a);
    }
  }

  @Test
  void countsClassSizesAsUsedAndPagesAsReserved() {
    try (SlabAllocator slabs = new SlabAllocator(0)) {
      long a = slabs.allocate(81);
      long b = slabs.allocate(1000);
      assertThat(slabs.usedBytes()).isEqualTo(88 + SlabDescriptor.chunkBytesFor(1000));
      assertThat(slabs.reservedBytes()).isEqualTo(2L * SlabDescriptor.PAGE_BYTES);
      slabs.free(a);
      slabs.free(b);
      assertThat(slabs.usedBytes()).isZero();
    }
  }

  @Test
  void returnsEmptyPagesToTheOsBeyondTheSparePool() {
    try (SlabAllocator slabs = new SlabAllocator(0)) {
      List<Long> handles = new ArrayList<>();
      int perPage = SlabDescriptor.PAGE_BYTES / 4096;
      for (int i = 0; i < perPage * 10; i++) {
        handles.add(slabs.allocate(4096));
      }
      assertThat(slabs.reservedBytes()).isEqualTo(10L * SlabDescriptor.PAGE_BYTES);
      handles.forEach(slabs::free);
      assertThat(slabs.usedBytes()).isZero();
      assertThat(slabs.reservedBytes()).isEqualTo((long) SlabAllocator.SPARE_PAGES * SlabDescriptor.PAGE_BYTES);
      long again = slabs.allocate(16); // a spare page is re-dedicated to another class
      assertThat(again).isNotNegative();
      assertThat(slabs.reservedBytes()).isEqualTo((long) SlabAllocator.SPARE_PAGES * SlabDescriptor.PAGE_BYTES);
    }
  }

  @Test
  void returnsLimitReachedInsteadOfThrowingWhenMaxBytesWouldBePassed() {
    try (SlabAllocator slabs = new SlabAllocator(2L * SlabDescriptor.PAGE_BYTES)) {
      assertThat(slabs.allocate(64)).isNotNegative();
      assertThat(slabs.allocate(128)).isNotNegative();
      assertThat(slabs.allocate(4096)).isEqualTo(SlabAllocator.LIMIT_REACHED);
      assertThat(slabs.allocate(3L * SlabDescriptor.PAGE_BYTES)).isEqualTo(SlabAllocator.LIMIT_REACHED);
      assertThat(slabs.allocate(64)).isNotNegative(); // an existing page still has room
    }
  }

  @Test
  void givesLargeAllocationsTheirOwnSegmentAndFreesThem() {
    try (SlabAllocator slabs = new SlabAllocator(0)) {
      long big = slabs.allocate(3_000_000);
      assertThat(big).isNotNegative();
      assertThat(slabs.offset(big)).isZero();
      assertThat(slabs.segment(big).byteSize()).isEqualTo(SlabDescriptor.chunkBytesFor(3_000_000));
      assertThat(slabs.sizeClass(big)).isEqualTo(SlabDescriptor.LARGE_CLASS);
      slabs.segment(big).set(ValueLayout.JAVA_BYTE, 2_999_999, (byte) 7);
      assertThat(slabs.usedBytes()).isEqualTo(slabs.reservedBytes()).isEqualTo(3_002_368);
      slabs.free(big);
      assertThat(slabs.usedBytes()).isZero();
      assertThat(slabs.reservedBytes()).isZero();
      assertThatThrownBy(() -> slabs.segment(big)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("handle=");
    }
  }

  @Test
  void rejectsNegativeSizeWithItsValue() {
    try (SlabAllocator slabs = new SlabAllocator(0)) {
      assertThatThrownBy(() -> slabs.allocate(-3)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sizeBytes=-3");
    }
  }

  @Test
  void clearFreesEverythingAndStaysUsable() {
    try (SlabAllocator slabs = new SlabAllocator(0)) {
      for (int i = 0; i < 1000; i++) {
        slabs.allocate(i * 37L);
      }
      slabs.allocate(1 << 21);
      slabs.clear();
      assertThat(slabs.usedBytes()).isZero();
      assertThat(slabs.reservedBytes()).isZero();
      assertThat(slabs.allocate(8)).isEqualTo(0L);
    }
  }

  @Test
  void keepsChunksDisjointUnderRandomAllocateAndFree() {
    long seed = TestSeed.seed("keepsChunksDisjointUnderRandomAllocateAndFree");
    SplittableRandom rnd = new SplittableRandom(seed);
    try (SlabAllocator slabs = new SlabAllocator(0)) {
      List<long[]> live = new ArrayList<>(); // {handle, size, fill byte}
      long expectedUsed = 0;
      for (int op = 0; op < 60_000; op++) {
        if (live.isEmpty() || rnd.nextInt(100) < 55) {
          long size = rnd.nextInt(1000) < 5 ? rnd.nextInt(600_000) : rnd.nextInt(rnd.nextBoolean() ? 129 : 5000);
          long handle = slabs.allocate(size);
          assertThat(handle).as("seed=%d", seed).isNotNegative();
          assertThat(slabs.chunkBytes(handle)).isEqualTo(SlabDescriptor.chunkBytesFor(size));
          byte fill = (byte) rnd.nextInt(256);
          fill(slabs.segment(handle), slabs.offset(handle), size, fill);
          live.add(new long[] {handle, size, fill});
          expectedUsed += SlabDescriptor.chunkBytesFor(size);
        } else {
          long[] victim = live.remove(rnd.nextInt(live.size()));
          assertThat(allEqual(slabs.segment(victim[0]), slabs.offset(victim[0]), victim[1], (byte) victim[2]))
              .as("chunk overwritten, seed=%d", seed).isTrue();
          slabs.free(victim[0]);
          expectedUsed -= SlabDescriptor.chunkBytesFor(victim[1]);
        }
        assertThat(slabs.usedBytes()).isEqualTo(expectedUsed);
      }
      for (long[] entry : live) {
        assertThat(allEqual(slabs.segment(entry[0]), slabs.offset(entry[0]), entry[1], (byte) entry[2])).isTrue();
      }
      assertThat(slabs.reservedBytes()).isGreaterThanOrEqualTo(slabs.usedBytes());
    }
  }

  private static void fill(MemorySegment segment, long offset, long size, byte value) {
    segment.asSlice(offset, size).fill(value);
  }

  private static boolean allEqual(MemorySegment segment, long offset, long size, byte value) {
    for (long i = 0; i < size; i++) {
      if (segment.get(ValueLayout.JAVA_BYTE, offset + i) != value) {
        return false;
      }
    }
    return true;
  }
}
