package io.panamax.engine.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Native memory that is not zeroed: C's {@code aligned_alloc}/{@code free} through FFM downcalls, each block bound to
 * an {@link Arena} that frees it on close. {@link Arena#allocate} zeroes every byte, which for fresh 1 MiB slab pages
 * is a second pass over memory the kernel has just zeroed (measured at 8% of SET CPU while the keyspace grows); slab
 * chunks are always written before they are read, so they need no zeroing. Falls back to {@link Arena#allocate} when
 * the C library cannot be linked.
 */
final class NativeMemory {
  private static final MethodHandle ALIGNED_ALLOC;
  private static final MethodHandle FREE;

  static {
    MethodHandle alloc = null;
    MethodHandle free = null;
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      alloc = linker.downcallHandle(libc.find("aligned_alloc").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
      free = linker.downcallHandle(libc.find("free").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    } catch (RuntimeException | LinkageError e) {
      alloc = null;
      free = null;
    }
    ALIGNED_ALLOC = alloc;
    FREE = free;
  }

  private NativeMemory() {}

  /**
   * {@code bytes} of uninitialised memory aligned to {@code alignment} (a power of two dividing {@code bytes}), freed
   * when {@code arena} closes.
   *
   * @throws OutOfMemoryError when the C library (or the arena) refuses the memory
   */
  static MemorySegment allocate(Arena arena, long bytes, long alignment) {
    if (ALIGNED_ALLOC == null) {
      return arena.allocate(bytes, alignment);
    }
    MemorySegment block;
    try {
      block = (MemorySegment) ALIGNED_ALLOC.invokeExact(alignment, bytes);
    } catch (Throwable e) {
      throw new IllegalStateException("aligned_alloc failed: " + e, e);
    }
    if (block.address() == 0) {
      throw new OutOfMemoryError("aligned_alloc refused bytes=" + bytes);
    }
    return block.reinterpret(bytes, arena, NativeMemory::free);
  }

  private static void free(MemorySegment block) {
    try {
      FREE.invokeExact(block);
    } catch (Throwable e) {
      throw new IllegalStateException("free failed: " + e, e);
    }
  }
}
