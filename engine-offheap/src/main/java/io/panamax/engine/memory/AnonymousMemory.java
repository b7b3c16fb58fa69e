package io.panamax.engine.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Anonymous memory mappings for the big off-heap structures ({@code mmap(2)}, {@code madvise(2)}, {@code munmap(2)}
 * through FFM downcalls): zero-filled by the kernel, so there is no second zeroing pass as with {@link
 * Arena#allocate}, and aligned to 2 MiB and marked {@code MADV_HUGEPAGE}, so that with transparent huge pages in
 * {@code madvise} or {@code always} mode the kernel backs them with 2 MiB pages. That turns 512 page faults into one
 * and lets one TLB entry cover 2 MiB: loading 2M keys with 1 KiB values took 588,000 minor faults (one per 4 KiB page)
 * before this.
 *
 * <p>Linux only (the flag values are Linux's); elsewhere, or when libc cannot be linked, {@link #available()} is
 * false and callers fall back to {@link Arena#allocate}. Thread-safe: only system calls, no state.
 */
public final class AnonymousMemory {
  /** Size and alignment of a transparent huge page on x86-64 and aarch64 with 4 KiB base pages. */
  public static final long HUGE_PAGE_BYTES = 2L << 20;

  private static final long OS_PAGE_BYTES = 4096;
  private static final int PROT_READ_WRITE = 0x1 | 0x2;
  private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
  private static final int MADV_HUGEPAGE = 14;
  private static final long MAP_FAILED = -1L;

  private static final MethodHandle MMAP;
  private static final MethodHandle MUNMAP;
  private static final MethodHandle MADVISE;

  static {
    MethodHandle mmap = null;
    MethodHandle munmap = null;
    MethodHandle madvise = null;
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT));
      } catch (RuntimeException | LinkageError e) {
        mmap = null;
      }
    }
    MMAP = mmap;
    MUNMAP = mmap == null ? null : munmap;
    MADVISE = mmap == null ? null : madvise;
  }

  private AnonymousMemory() {}

  /** Whether mappings are available here (Linux with a linkable libc). */
  public static boolean available() {
    return MMAP != null;
  }

  /**
   * {@code bytes} of zeroed memory starting on a 2 MiB boundary and advised for huge pages, unmapped when {@code
   * arena} closes. Without {@link #available() mappings}, {@code arena.allocate(bytes, 64)} (also zeroed).
   *
   * @param bytes size in bytes, > 0; rounded up to whole 4 KiB pages for the mapping, the segment is exactly {@code
   *     bytes} long.
   * @throws OutOfMemoryError when the kernel refuses the mapping.
   */
  public static MemorySegment allocateZeroed(Arena arena, long bytes) {
    return allocateZeroed(arena, bytes, true);
  }

  /**
   * Like {@link #allocateZeroed(Arena, long)}, optionally without the huge-page advice: for memory that is filled at
   * random places while the owner serves requests (a table being resized incrementally). There, each first touch of a
   * 2 MiB huge page zeroes 2 MiB in one fault, and with THP {@code defrag=madvise} (Debian's default) may also compact
   * memory synchronously first: a pause of milliseconds per fault, where 4 KiB pages spread the same zeroing thinly
   * over many requests.
   */
  public static MemorySegment allocateZeroed(Arena arena, long bytes, boolean hugePages) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes=" + bytes);
    }
    if (!available()) {
      return arena.allocate(bytes, 64);
    }
    long mapped = roundUp(bytes, OS_PAGE_BYTES);
    long start = mapAligned(mapped, hugePages);
    return bind(start, mapped, arena).asSlice(0, bytes);
  }

  /**
   * Maps one 2 MiB-aligned region of {@code arenas.length * pieceBytes} bytes and returns it as consecutive pieces
   * of {@code pieceBytes}, piece {@code i} unmapped on its own when {@code arenas[i]} closes (the kernel splits a huge
   * page whose other piece is still mapped). Without {@link #available() mappings}, each piece is a separate zeroed
   * {@code arenas[i].allocate(pieceBytes, 64)}.
   *
   * @param pieceBytes a positive multiple of 4 KiB.
   * @throws OutOfMemoryError when the kernel refuses the mapping.
   */
  public static MemorySegment[] allocatePieces(Arena[] arenas, long pieceBytes) {
    return allocatePieces(arenas, pieceBytes, 0);
  }

  /**
   * {@link #allocatePieces(Arena[], long)} over a region from {@link #mapPrefaulted(long)} (of exactly {@code
   * arenas.length * pieceBytes} bytes, now owned by the arenas), or over a new mapping when {@code premapped} is 0.
   */
  public static MemorySegment[] allocatePieces(Arena[] arenas, long pieceBytes, long premapped) {
    if (pieceBytes <= 0 || pieceBytes % OS_PAGE_BYTES != 0 || arenas.length == 0) {
      throw new IllegalArgumentException("pieceBytes=" + pieceBytes + " pieces=" + arenas.length);
    }
    MemorySegment[] pieces = new MemorySegment[arenas.length];
    if (!available()) {
      for (int i = 0; i < arenas.length; i++) {
        pieces[i] = arenas[i].allocate(pieceBytes, 64);
      }
      return pieces;
    }
    long start = premapped != 0 ? premapped : mapAligned(pieceBytes * arenas.length, true);
    for (int i = 0; i < arenas.length; i++) {
      pieces[i] = bind(start + i * pieceBytes, pieceBytes, arenas[i]);
    }
    return pieces;
  }

  /**
   * Maps {@code bytes} (a multiple of 2 MiB) like {@link #allocatePieces} and touches one byte of every huge page, so
   * that the kernel backs it now: the first touch of a huge-page-advised region is the fault that zeroes 2 MiB and,
   * under THP {@code defrag=madvise}, may compact memory synchronously first (milliseconds). Meant for a helper
   * thread, ahead of the shard that will use the memory ({@link MappingReserve}). Returns the address (bind it with
   * {@link #allocatePieces(Arena[], long, long)} or release it with {@link #unmapRegion}), or 0 when mappings are not
   * {@link #available()} or the kernel refused.
   */
  public static long mapPrefaulted(long bytes) {
    if (!available() || bytes <= 0 || bytes % HUGE_PAGE_BYTES != 0) {
      return 0;
    }
    long start;
    try {
      start = mapAligned(bytes, true);
    } catch (OutOfMemoryError e) {
      return 0;
    }
    MemorySegment region = MemorySegment.ofAddress(start).reinterpret(bytes);
    for (long at = 0; at < bytes; at += HUGE_PAGE_BYTES) {
      region.set(ValueLayout.JAVA_BYTE, at, (byte) 0);
    }
    return start;
  }

  /** Unmaps a region from {@link #mapPrefaulted(long)} that was never bound. */
  public static void unmapRegion(long start, long bytes) {
    unmap(start, bytes);
  }

  /** Maps {@code bytes} (a multiple of 4 KiB) at a 2 MiB boundary, optionally advised for huge pages; its address. */
  private static long mapAligned(long bytes, boolean hugePages) {
    long span = bytes + HUGE_PAGE_BYTES - OS_PAGE_BYTES;
    long raw;
    try {
      raw = (long) MMAP.invokeExact(0L, span, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
    } catch (Throwable e) {
      throw new IllegalStateException("mmap failed: " + e, e);
    }
    if (raw == MAP_FAILED || raw == 0) {
      throw new OutOfMemoryError("mmap refused bytes=" + span);
    }
    long start = roundUp(raw, HUGE_PAGE_BYTES);
    unmap(raw, start - raw);
    unmap(start + bytes, raw + span - (start + bytes));
    if (!hugePages) {
      return start;
    }
    try {
      // best effort: without THP (or in "never" mode) the mapping simply stays on 4 KiB pages
      int ignored = (int) MADVISE.invokeExact(start, bytes, MADV_HUGEPAGE);
    } catch (Throwable e) {
      throw new IllegalStateException("madvise failed: " + e, e);
    }
    return start;
  }

  private static MemorySegment bind(long start, long bytes, Arena arena) {
    return MemorySegment.ofAddress(start).reinterpret(bytes, arena, ignored -> unmap(start, bytes));
  }

  private static void unmap(long start, long bytes) {
    if (bytes == 0) {
      return;
    }
    int rc;
    try {
      rc = (int) MUNMAP.invokeExact(start, bytes);
    } catch (Throwable e) {
      throw new IllegalStateException("munmap failed: " + e, e);
    }
    if (rc != 0) {
      throw new IllegalStateException("munmap(0x" + Long.toHexString(start) + ", " + bytes + ") failed");
    }
  }

  private static long roundUp(long value, long unit) {
    return (value + unit - 1) & -unit;
  }
}
