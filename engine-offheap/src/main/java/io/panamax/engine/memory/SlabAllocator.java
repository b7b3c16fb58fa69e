package io.panamax.engine.memory;

import static io.panamax.engine.memory.SlabDescriptor.CHUNK_ALIGNMENT;
import static io.panamax.engine.memory.SlabDescriptor.LARGE_CLASS;
import static io.panamax.engine.memory.SlabDescriptor.MAX_PAGES;
import static io.panamax.engine.memory.SlabDescriptor.PAGE_BYTES;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Per-shard slab allocator: carves chunks of fixed size classes out of 1 MiB pages, each page dedicated to one class
 * (see {@link SlabDescriptor} for the class table and the handle bits). Requests above 256 KiB get their own segment.
 *
 * <p>Not thread-safe. Every page and large allocation is a segment of its own {@link Arena#ofConfined() confined
 * arena}, created on the calling thread, so the allocator must be created and used on one thread (the shard's).
 * Giving every page its own arena is what lets an empty page go back to the OS. Pages are mapped two at a time as one
 * 2 MiB-aligned mapping advised for transparent huge pages ({@link AnonymousMemory}); the second half waits for the
 * next new page and is not counted in {@link #reservedBytes()} until then, so the process RSS can exceed the reserved
 * bytes by up to one page (1 MiB) per allocator. The next mapping is prepared (mapped and faulted in) by a helper
 * thread while the current one is used ({@link MappingReserve}), which adds up to 2 MiB more of RSS per allocator.
 *
 * <p>Free chunks sit on an intrusive free list per page (the first 4 bytes of a free chunk hold the offset of the next
 * free chunk of that page); pages of a class with a free chunk or unused tail are on a doubly linked "available" list
 * of that class. Policy for empty pages: a page whose last chunk is freed leaves its class and goes to a small spare
 * pool ({@link #SPARE_PAGES} pages, any class may take them), beyond which it is returned to the OS at once. So
 * {@link #reservedBytes()} goes down after deletes, and a key set and deleted in a loop does not map and unmap a page
 * each time.
 *
 * <pre>{@code
 * SlabAllocator slabs = new SlabAllocator(0);          // on the shard thread; 0 = no limit
 * long handle = slabs.allocate(88);
 * if (handle < 0) { ... LIMIT_REACHED or OUT_OF_MEMORY ... }
 * slabs.segment(handle).set(JAVA_LONG, slabs.offset(handle), 42L);
 * slabs.free(handle);
 * }</pre>
 */
public final class SlabAllocator implements AutoCloseable {
  /** Sentinel from {@link #allocate(long)}: the allocation would pass {@code maxBytes}. */
  public static final long LIMIT_REACHED = -1;
  /** Sentinel from {@link #allocate(long)}: the OS (or the heap, for bookkeeping) refused memory. */
  public static final long OUT_OF_MEMORY = -2;
  /** Empty pages kept for reuse before pages are returned to the OS. */
  public static final int SPARE_PAGES = 4;

  private static final int NONE = -1;
  private static final int UNUSED = -2; // page-table entry free for reuse
  private static final int SPARE = -3; // empty page in the spare pool
  private static final ValueLayout.OfInt NEXT_FREE = ValueLayout.JAVA_INT;

  private final long maxBytes;
  private final int[] availableHead = new int[SlabDescriptor.classCount()];
  private MemorySegment[] pages;
  private Arena[] arenas;
  private int[] pageClass;
  private int[] liveChunks;
  private int[] bumpOffset;
  private int[] freeHead;
  private int[] nextAvailable;
  private int[] prevAvailable;
  private boolean[] onAvailableList;
  private int pageCount;
  private int[] unusedIndices = new int[16];
  private int unusedCount;
  private final int[] spares = new int[SPARE_PAGES];
  private int spareCount;
  // the unused second half of the last huge-page mapping, not counted in reservedBytes until it becomes a page
  private MemorySegment pendingPage;
  private Arena pendingArena;
  // the next huge-page mapping, faulted in ahead by a helper thread
  private final MappingReserve reserve = new MappingReserve();
  private long usedBytes;
  private long reservedBytes;
  private boolean closed;

  /**
   * Creates an allocator on the calling thread.
   *
   * @param maxBytes limit on {@link #reservedBytes()} (slab pages plus large allocations); 0 means no limit.
   * @throws IllegalArgumentException if {@code maxBytes < 0}.
   */
  public SlabAllocator(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes=" + maxBytes);
    }
    this.maxBytes = maxBytes;
    resetTables();
  }

  /**
   * Allocates a chunk of at least {@code sizeBytes} bytes, 8-byte aligned. Contents are undefined (zero for a fresh
   * page, old bytes for a reused chunk).
   *
   * @return a handle (bits 48-63 clear) or {@link #LIMIT_REACHED} / {@link #OUT_OF_MEMORY}; never throws for lack
   *     of memory.
   * @throws IllegalArgumentException if {@code sizeBytes < 0}.
   * @throws IllegalStateException if the allocator is closed.
   */
  public long allocate(long sizeBytes) {
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes=" + sizeBytes);
    }
    ensureOpen();
    int sizeClass = SlabDescriptor.sizeClassFor(sizeBytes);
    if (sizeClass == LARGE_CLASS) {
      return allocateLarge(SlabDescriptor.chunkBytesFor(sizeBytes));
    }
    int page = availableHead[sizeClass];
    if (page == NONE) {
      page = newPage(sizeClass);
      if (page < 0) {
        return page;
      }
    }
    int chunkBytes = SlabDescriptor.classBytes(sizeClass);
    int offset = freeHead[page];
    if (offset != NONE) {
      freeHead[page] = pages[page].get(NEXT_FREE, offset);
    } else {
      offset = bumpOffset[page];
      bumpOffset[page] = offset + chunkBytes;
    }
    liveChunks[page]++;
    if (freeHead[page] == NONE && bumpOffset[page] + chunkBytes > PAGE_BYTES) {
      unlinkAvailable(page, sizeClass);
    }
    usedBytes += chunkBytes;
    return SlabDescriptor.handle(page, offset);
  }

  /**
   * Like {@link #allocate(long)}, but the first {@code sizeBytes} bytes of the chunk are zero. A large allocation is
   * zero when fresh (arena memory is zero-initialized, a mapping is zero-filled on demand by the kernel), so zeroing a
   * big table costs no pass over it here; a slab chunk is cleared.
   */
  public long allocateZeroed(long sizeBytes) {
    long handle = allocate(sizeBytes);
    if (handle >= 0 && pageClass[SlabDescriptor.pageIndex(handle)] != LARGE_CLASS) {
      pages[SlabDescriptor.pageIndex(handle)].asSlice(SlabDescriptor.offset(handle), sizeBytes).fill((byte) 0);
    }
    return handle;
  }

  /**
   * Returns the chunk named by {@code handle} (top 16 bits ignored). Freeing a handle twice or a handle this allocator
   * did not return is a bug with undefined results (not always detected).
   *
   * @throws IllegalArgumentException if the handle names no live page.
   */
  public void free(long handle) {
    int page = checkedPage(handle);
    int sizeClass = pageClass[page];
    if (sizeClass == LARGE_CLASS) {
      long bytes = pages[page].byteSize();
      usedBytes -= bytes;
      reservedBytes -= bytes;
      releasePage(page);
      return;
    }
    int offset = SlabDescriptor.offset(handle);
    pages[page].set(NEXT_FREE, offset, freeHead[page]);
    freeHead[page] = offset;
    usedBytes -= SlabDescriptor.classBytes(sizeClass);
    if (--liveChunks[page] == 0) {
      retire(page, sizeClass);
    } else if (!onAvailableList[page]) {
      linkAvailable(page, sizeClass);
    }
  }

  /**
   * The segment holding the chunk of {@code handle}: the whole 1 MiB slab page or the large segment.
   *
   * @throws IllegalArgumentException if the handle names no live page.
   */
  public MemorySegment segment(long handle) {
    return pages[checkedPage(handle)];
  }

  /** Byte offset of the chunk of {@code handle} in {@link #segment(long)}. */
  public long offset(long handle) {
    return SlabDescriptor.offset(handle);
  }

  /**
   * Bytes of the chunk of {@code handle}: its class size, or the (rounded) size of a large allocation.
   *
   * @throws IllegalArgumentException if the handle names no live page.
   */
  public long chunkBytes(long handle) {
    int page = checkedPage(handle);
    int sizeClass = pageClass[page];
    return sizeClass == LARGE_CLASS ? pages[page].byteSize() : SlabDescriptor.classBytes(sizeClass);
  }

  /** Size class of the chunk of {@code handle}, or {@link SlabDescriptor#LARGE_CLASS}. */
  public int sizeClass(long handle) {
    return pageClass[checkedPage(handle)];
  }

  /** Bytes of chunks currently handed out (class sizes, not requested sizes) plus large allocations. */
  public long usedBytes() {
    return usedBytes;
  }

  /** Bytes held from the OS: slab pages (including spare pages) plus large allocations. */
  public long reservedBytes() {
    return reservedBytes;
  }

  /** The limit given at construction (0 = none). */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Frees every chunk, page and large allocation at once; the allocator stays usable. Cost: one arena close per page
   * and per large allocation, independent of the number of chunks.
   */
  public void clear() {
    ensureOpen();
    releaseAll();
    resetTables();
  }

  /** Frees everything; later calls other than {@code close()} throw {@link IllegalStateException}. */
  @Override
  public void close() {
    if (!closed) {
      releaseAll();
      reserve.close();
      closed = true;
    }
  }

  private long allocateLarge(long bytes) {
    if (maxBytes > 0 && reservedBytes + bytes > maxBytes) {
      return LIMIT_REACHED;
    }
    int page = takeIndex();
    if (page < 0) {
      return OUT_OF_MEMORY;
    }
    Arena arena = Arena.ofConfined();
    try {
      // A huge page or more: an anonymous mapping, zero without a memset pass; 4 KiB pages fault in as they are
      // touched (a collection table being resized is filled at random places while the shard serves requests).
      pages[page] = bytes >= AnonymousMemory.HUGE_PAGE_BYTES && AnonymousMemory.available()
          ? AnonymousMemory.allocateZeroed(arena, bytes, false)
          : arena.allocate(bytes, CHUNK_ALIGNMENT);
    } catch (OutOfMemoryError | IllegalArgumentException e) {
      arena.close();
      returnIndex(page);
      return OUT_OF_MEMORY;
    }
    arenas[page] = arena;
    pageClass[page] = LARGE_CLASS;
    usedBytes += bytes;
    reservedBytes += bytes;
    return SlabDescriptor.handle(page, 0);
  }

  private int newPage(int sizeClass) {
    int page;
    if (spareCount > 0) {
      page = spares[--spareCount];
    } else {
      if (maxBytes > 0 && reservedBytes + PAGE_BYTES > maxBytes) {
        return (int) LIMIT_REACHED;
      }
      page = takeIndex();
      if (page < 0) {
        return (int) OUT_OF_MEMORY;
      }
      if (!mapPage(page)) {
        returnIndex(page);
        return (int) OUT_OF_MEMORY;
      }
      reservedBytes += PAGE_BYTES;
    }
    pageClass[page] = sizeClass;
    liveChunks[page] = 0;
    bumpOffset[page] = 0;
    freeHead[page] = NONE;
    linkAvailable(page, sizeClass);
    return page;
  }

  /**
   * Backs {@code page} with memory: the second half of the last 2 MiB huge-page mapping if one is pending, else a new
   * mapping whose second half becomes pending (two slab pages per huge page; where mappings are unavailable, two
   * arena allocations; see {@link AnonymousMemory}).
   */
  private boolean mapPage(int page) {
    if (pendingPage != null) {
      pages[page] = pendingPage;
      arenas[page] = pendingArena;
      pendingPage = null;
      pendingArena = null;
      return true;
    }
    Arena[] pair = {Arena.ofConfined(), Arena.ofConfined()};
    MemorySegment[] halves;
    try {
      halves = AnonymousMemory.allocatePieces(pair, PAGE_BYTES, reserve.take());
    } catch (OutOfMemoryError e) {
      pair[0].close();
      pair[1].close();
      return false;
    }
    pages[page] = halves[0];
    arenas[page] = pair[0];
    pendingPage = halves[1];
    pendingArena = pair[1];
    return true;
  }

  private void retire(int page, int sizeClass) {
    if (onAvailableList[page]) {
      unlinkAvailable(page, sizeClass);
    }
    if (spareCount < SPARE_PAGES) {
      pageClass[page] = SPARE;
      spares[spareCount++] = page;
    } else {
      reservedBytes -= PAGE_BYTES;
      releasePage(page);
    }
  }

  private void releasePage(int page) {
    arenas[page].close();
    arenas[page] = null;
    pages[page] = null;
    returnIndex(page);
  }

  private void linkAvailable(int page, int sizeClass) {
    int head = availableHead[sizeClass];
    nextAvailable[page] = head;
    prevAvailable[page] = NONE;
    if (head != NONE) {
      prevAvailable[head] = page;
    }
    availableHead[sizeClass] = page;
    onAvailableList[page] = true;
  }

  private void unlinkAvailable(int page, int sizeClass) {
    int next = nextAvailable[page];
    int prev = prevAvailable[page];
    if (prev == NONE) {
      availableHead[sizeClass] = next;
    } else {
      nextAvailable[prev] = next;
    }
    if (next != NONE) {
      prevAvailable[next] = prev;
    }
    onAvailableList[page] = false;
  }

  private int takeIndex() {
    if (unusedCount > 0) {
      return unusedIndices[--unusedCount];
    }
    if (pageCount == pages.length) {
      if (pageCount == MAX_PAGES) {
        return NONE;
      }
      try {
        growTables(Math.min(MAX_PAGES, pageCount * 2));
      } catch (OutOfMemoryError e) {
        return NONE;
      }
    }
    return pageCount++;
  }

  private void returnIndex(int page) {
    pageClass[page] = UNUSED;
    if (unusedCount == unusedIndices.length) {
      unusedIndices = Arrays.copyOf(unusedIndices, unusedCount * 2);
    }
    unusedIndices[unusedCount++] = page;
  }

  private int checkedPage(long handle) {
    int page = SlabDescriptor.pageIndex(handle);
    if (page >= pageCount || pageClass[page] < LARGE_CLASS) {
      throw new IllegalArgumentException("handle=" + Long.toHexString(handle) + " names no live page, closed=" + closed);
    }
    return page;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("SlabAllocator closed");
    }
  }

  private void releaseAll() {
    for (int page = 0; page < pageCount; page++) {
      if (arenas[page] != null) {
        arenas[page].close();
      }
    }
    if (pendingArena != null) {
      pendingArena.close();
      pendingArena = null;
      pendingPage = null;
    }
    pageCount = 0;
    usedBytes = 0;
    reservedBytes = 0;
  }

  private void resetTables() {
    int capacity = 64;
    pages = new MemorySegment[capacity];
    arenas = new Arena[capacity];
    pageClass = new int[capacity];
    liveChunks = new int[capacity];
    bumpOffset = new int[capacity];
    freeHead = new int[capacity];
    nextAvailable = new int[capacity];
    prevAvailable = new int[capacity];
    onAvailableList = new boolean[capacity];
    Arrays.fill(availableHead, NONE);
    pageCount = 0;
    unusedCount = 0;
    spareCount = 0;
    usedBytes = 0;
    reservedBytes = 0;
  }

  private void growTables(int capacity) {
    MemorySegment[] newPages = Arrays.copyOf(pages, capacity);
    Arena[] newArenas = Arrays.copyOf(arenas, capacity);
    int[] newPageClass = Arrays.copyOf(pageClass, capacity);
    int[] newLive = Arrays.copyOf(liveChunks, capacity);
    int[] newBump = Arrays.copyOf(bumpOffset, capacity);
    int[] newFree = Arrays.copyOf(freeHead, capacity);
    int[] newNext = Arrays.copyOf(nextAvailable, capacity);
    int[] newPrev = Arrays.copyOf(prevAvailable, capacity);
    boolean[] newOnList = Arrays.copyOf(onAvailableList, capacity);
    // assign only after every copy succeeded, so an OutOfMemoryError leaves the tables consistent
    pages = newPages;
    arenas = newArenas;
    pageClass = newPageClass;
    liveChunks = newLive;
    bumpOffset = newBump;
    freeHead = newFree;
    nextAvailable = newNext;
    prevAvailable = newPrev;
    onAvailableList = newOnList;
  }
}
