package io.panamax.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnonymousMemoryTest {
  @Test
  void givesZeroedWritableMemoryOnAHugePageBoundaryAndUnmapsItWithTheArena() throws IOException {
    assumeTrue(AnonymousMemory.available(), "mappings need Linux");
    long bytes = 3 * AnonymousMemory.HUGE_PAGE_BYTES + 100;
    Arena arena = Arena.ofConfined();
    MemorySegment memory = AnonymousMemory.allocateZeroed(arena, bytes);
    assertThat(memory.byteSize()).isEqualTo(bytes);
    assertThat(memory.address() % AnonymousMemory.HUGE_PAGE_BYTES).isZero();
    for (long offset = 0; offset < bytes; offset += 4096) {
      assertThat(memory.get(ValueLayout.JAVA_BYTE, offset)).isZero();
    }
    memory.set(ValueLayout.JAVA_LONG, bytes - 8 - 4, 0x1122334455667788L);
    assertThat(memory.get(ValueLayout.JAVA_LONG, bytes - 8 - 4)).isEqualTo(0x1122334455667788L);
    long start = memory.address();
    assertThat(mapped(start)).isTrue();

    arena.close();

    assertThat(mapped(start)).isFalse();
    assertThat(mapped(start + bytes - 1)).isFalse();
    assertThatThrownBy(() -> memory.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void piecesAreConsecutiveAndEachIsUnmappedOnlyWithItsOwnArena() throws IOException {
    assumeTrue(AnonymousMemory.available(), "mappings need Linux");
    long piece = SlabDescriptor.PAGE_BYTES;
    Arena first = Arena.ofConfined();
    Arena second = Arena.ofConfined();
    MemorySegment[] pieces = AnonymousMemory.allocatePieces(new Arena[] {first, second}, piece);
    assertThat(pieces[0].address() % AnonymousMemory.HUGE_PAGE_BYTES).isZero();
    assertThat(pieces[1].address()).isEqualTo(pieces[0].address() + piece);
    assertThat(pieces[1].byteSize()).isEqualTo(piece);
    pieces[0].fill((byte) 7);
    pieces[1].set(ValueLayout.JAVA_INT, 0, 42);

    first.close();

    assertThat(mapped(pieces[1].address() - 1)).isFalse();
    assertThat(mapped(pieces[1].address())).isTrue();
    assertThat(pieces[1].get(ValueLayout.JAVA_INT, 0)).isEqualTo(42);
    assertThat(pieces[1].get(ValueLayout.JAVA_INT, piece - 4)).isZero();
    second.close();
    assertThat(mapped(pieces[1].address())).isFalse();
  }

  @Test
  void aPrefaultedRegionIsResidentBeforeUseAndBecomesPiecesOwnedByTheArenas() throws Exception {
    assumeTrue(AnonymousMemory.available(), "mappings need Linux");
    long bytes = MappingReserve.REGION_BYTES;
    long start = AnonymousMemory.mapPrefaulted(bytes);
    assertThat(start).isNotZero();
    assertThat(start % AnonymousMemory.HUGE_PAGE_BYTES).isZero();
    assertThat(resident(start)).as("faulted in by the call").isTrue();
    Arena first = Arena.ofConfined();
    Arena second = Arena.ofConfined();
    MemorySegment[] pieces = AnonymousMemory.allocatePieces(new Arena[] {first, second}, bytes / 2, start);
    assertThat(pieces[0].address()).isEqualTo(start);
    assertThat(pieces[1].address()).isEqualTo(start + bytes / 2);
    for (MemorySegment piece : pieces) {
      for (long offset = 0; offset < piece.byteSize(); offset += 4096) {
        assertThat(piece.get(ValueLayout.JAVA_BYTE, offset)).isZero();
      }
    }
    first.close();
    second.close();
    assertThat(mapped(start)).isFalse();
    assertThat(AnonymousMemory.mapPrefaulted(4096)).as("not whole huge pages").isZero();
  }

  @Test
  void theReserveHandsOutPreparedRegionsWithoutWaitingAndUnmapsTheLastOnClose() throws Exception {
    assumeTrue(AnonymousMemory.available(), "mappings need Linux");
    MappingReserve reserve = new MappingReserve();
    assertThat(reserve.take()).as("nothing prepared yet: the caller maps itself").isZero();
    assertThat(reserve.take()).as("preparation starts with the second mapping").isZero();
    long region = 0;
    for (int i = 0; i < 500 && region == 0; i++) {
      Thread.sleep(10);
      region = reserve.take();
    }
    assertThat(region).isNotZero();
    assertThat(resident(region)).isTrue();
    AnonymousMemory.unmapRegion(region, MappingReserve.REGION_BYTES);
    long prepared = 0;
    for (int i = 0; i < 500 && prepared == 0; i++) {
      Thread.sleep(10);
      prepared = reserve.take();
    }
    assertThat(prepared).isNotZero();
    AnonymousMemory.unmapRegion(prepared, MappingReserve.REGION_BYTES);
    Thread.sleep(200); // the take() above started preparing another region: close must unmap it
    reserve.close();
    assertThat(reserve.take()).isZero();
  }

  /** Whether the mapping holding {@code address} has resident pages, per {@code /proc/self/smaps}. */
  private static boolean resident(long address) throws IOException {
    boolean inside = false;
    for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        int dash = line.indexOf('-');
        long from = Long.parseUnsignedLong(line.substring(0, dash), 16);
        long to = Long.parseUnsignedLong(line.substring(dash + 1, line.indexOf(' ')), 16);
        inside = Long.compareUnsigned(address, from) >= 0 && Long.compareUnsigned(address, to) < 0;
      } else if (inside && line.startsWith("Rss:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) > 0;
      }
    }
    return false;
  }

  @Test
  void rejectsSizesThatAreNotWholePages() {
    assertThatThrownBy(() -> AnonymousMemory.allocateZeroed(Arena.global(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AnonymousMemory.allocatePieces(new Arena[] {Arena.global()}, 1000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Whether {@code address} lies in one of this process's mappings, per {@code /proc/self/maps}. */
  private static boolean mapped(long address) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("/proc/self/maps"));
    for (String line : lines) {
      String range = line.substring(0, line.indexOf(' '));
      int dash = range.indexOf('-');
      long from = Long.parseUnsignedLong(range.substring(0, dash), 16);
      long to = Long.parseUnsignedLong(range.substring(dash + 1), 16);
      if (Long.compareUnsigned(address, from) >= 0 && Long.compareUnsigned(address, to) < 0) {
        return true;
      }
    }
    return false;
  }
}
