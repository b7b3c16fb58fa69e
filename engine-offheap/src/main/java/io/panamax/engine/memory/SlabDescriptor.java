package io.panamax.engine.memory;

/**
 * Layout constants of the {@link SlabAllocator}: the handle bits, the slab page size and the size-class table.
 *
 * <p>A handle names one chunk. The allocator uses the low 48 bits; the top 16 bits are left to the caller (the
 * keyspace keeps the value type and flags there) and are ignored by every allocator method.
 *
 * <pre>
 *   63             48 47                                     20 19                  0
 *  +-----------------+-----------------------------------------+--------------------+
 *  | caller bits (16)|            page index (28)              |  offset in page(20)|
 *  +-----------------+-----------------------------------------+--------------------+
 * </pre>
 *
 * <p>Size classes: every 8 bytes from 8 to 128, then geometric steps of at most 12.5% (rounded up to a multiple of 8)
 * up to {@link #MAX_CLASS_BYTES} (256 KiB). Requests above that are "large": they get their own segment, rounded up
 * to {@link #LARGE_ROUNDING_BYTES}, and offset 0 in their own page-table entry.
 */
public final class SlabDescriptor {
  /** log2 of the slab page size. */
  public static final int PAGE_SHIFT = 20;
  /** Bytes of one slab page (1 MiB); every page holds chunks of one size class. */
  public static final int PAGE_BYTES = 1 << PAGE_SHIFT;
  /** Bits of the in-page offset in a handle. */
  public static final int OFFSET_BITS = PAGE_SHIFT;
  /** Mask of the in-page offset in a handle. */
  public static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
  /** Bits of the page index in a handle. */
  public static final int PAGE_INDEX_BITS = 28;
  /** Number of page-table entries a handle can name (slab pages plus large allocations). */
  public static final int MAX_PAGES = 1 << PAGE_INDEX_BITS;
  /** Mask of the bits of a handle the allocator owns (low 48). */
  public static final long HANDLE_MASK = (1L << (OFFSET_BITS + PAGE_INDEX_BITS)) - 1;
  /** Step between the small size classes. */
  public static final int SMALL_STEP_BYTES = 8;
  /** Largest size class with linear 8-byte steps. */
  public static final int SMALL_LIMIT_BYTES = 128;
  /** Largest size class; bigger requests are large allocations. */
  public static final int MAX_CLASS_BYTES = 256 * 1024;
  /** Large allocations are rounded up to a multiple of this. */
  public static final long LARGE_ROUNDING_BYTES = 4096;
  /** Returned by {@link #sizeClassFor(long)} for a large request. */
  public static final int LARGE_CLASS = -1;
  /** Alignment of every chunk (and of every slab page and large segment). */
  public static final int CHUNK_ALIGNMENT = 8;

  private static final int[] CLASS_BYTES;

  static {
    int[] sizes = new int[128];
    int count = 0;
    for (int s = SMALL_STEP_BYTES; s <= SMALL_LIMIT_BYTES; s += SMALL_STEP_BYTES) {
      sizes[count++] = s;
    }
    int s = SMALL_LIMIT_BYTES;
    while (s < MAX_CLASS_BYTES) {
      s = Math.min(MAX_CLASS_BYTES, roundUp8(s + s / 8));
      sizes[count++] = s;
    }
    CLASS_BYTES = java.util.Arrays.copyOf(sizes, count);
  }

  private SlabDescriptor() {}

  /** Number of size classes. */
  public static int classCount() {
    return CLASS_BYTES.length;
  }

  /** Chunk bytes of size class {@code sizeClass} (0-based, {@code < classCount()}). */
  public static int classBytes(int sizeClass) {
    return CLASS_BYTES[sizeClass];
  }

  /**
   * Smallest size class whose chunks hold {@code sizeBytes}, or {@link #LARGE_CLASS} when {@code sizeBytes >
   * MAX_CLASS_BYTES}. A request of 0 bytes gets the 8-byte class. {@code sizeBytes} must be {@code >= 0}.
   */
  public static int sizeClassFor(long sizeBytes) {
    if (sizeBytes <= SMALL_LIMIT_BYTES) {
      return sizeBytes <= SMALL_STEP_BYTES ? 0 : (int) ((sizeBytes + SMALL_STEP_BYTES - 1) >>> 3) - 1;
    }
    if (sizeBytes > MAX_CLASS_BYTES) {
      return LARGE_CLASS;
    }
    int lo = SMALL_LIMIT_BYTES / SMALL_STEP_BYTES;
    int hi = CLASS_BYTES.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (CLASS_BYTES[mid] >= sizeBytes) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Bytes that an allocation of {@code sizeBytes} takes from the allocator: its chunk or its rounded large segment. */
  public static long chunkBytesFor(long sizeBytes) {
    int sizeClass = sizeClassFor(sizeBytes);
    if (sizeClass >= 0) {
      return CLASS_BYTES[sizeClass];
    }
    return (sizeBytes + LARGE_ROUNDING_BYTES - 1) & -LARGE_ROUNDING_BYTES;
  }

  /** Packs a page index and an in-page offset into a handle with the caller bits clear. */
  public static long handle(int pageIndex, int offset) {
    return ((long) pageIndex << OFFSET_BITS) | offset;
  }

  /** Page index of {@code handle} (caller bits ignored). */
  public static int pageIndex(long handle) {
    return (int) ((handle & HANDLE_MASK) >>> OFFSET_BITS);
  }

  /** In-page byte offset of {@code handle}. */
  public static int offset(long handle) {
    return (int) (handle & OFFSET_MASK);
  }

  private static int roundUp8(int n) {
    return (n + 7) & ~7;
  }
}
