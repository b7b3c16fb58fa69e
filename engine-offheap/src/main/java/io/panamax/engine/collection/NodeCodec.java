package io.panamax.engine.collection;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * zstd for the entry bytes of interior list nodes (Redis's {@code list-compress-depth 1}, with zstd in place of LZF),
 * through zstd-jni's direct-buffer calls on the off-heap chunks: no heap copy. Per thread (a shard's lists are only
 * touched on its thread), with one scratch buffer for decompressed entries that remembers which node it holds, so a
 * read that first locates an index and then walks the same node decompresses it once. The zstd contexts are kept and
 * reused across calls, as zstd's manual advises for many small inputs.
 */
final class NodeCodec {
  /** zstd level: node payloads are small (8 KiB) and compressed once per node, when it stops being an end node. */
  static final int LEVEL = 1;

  private static final ThreadLocal<NodeCodec> PER_THREAD = ThreadLocal.withInitial(NodeCodec::new);

  private ByteBuffer scratch = ByteBuffer.allocateDirect(16 << 10);
  private MemorySegment scratchSegment = MemorySegment.ofBuffer(scratch);
  private ByteBuffer packed = ByteBuffer.allocateDirect((int) Zstd.compressBound(16 << 10));
  private final ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(LEVEL);
  private final ZstdDecompressCtx decompressor = new ZstdDecompressCtx();
  private Keyspace keyspace;
  private long node = -1;
  private int stamp;

  private NodeCodec() {}

  static NodeCodec current() {
    return PER_THREAD.get();
  }

  /**
   * The {@code rawBytes} entry bytes of the compressed node {@code handle} (stamp {@code nodeStamp}), decompressed
   * from {@code packedBytes} at {@code packedOffset} of {@code chunk}; valid until the next call on this thread.
   *
   * @throws IllegalStateException when the stored bytes do not decompress to {@code rawBytes} (corrupt memory)
   */
  MemorySegment decompress(Keyspace ks, long handle, int nodeStamp, MemorySegment chunk, long packedOffset,
      int packedBytes, int rawBytes) {
    if (ks == keyspace && handle == node && nodeStamp == stamp) {
      return scratchSegment;
    }
    if (scratch.capacity() < rawBytes) {
      scratch = ByteBuffer.allocateDirect(Math.max(rawBytes, scratch.capacity() * 2));
      scratchSegment = MemorySegment.ofBuffer(scratch);
    }
    ByteBuffer src = chunk.asSlice(packedOffset, packedBytes).asByteBuffer();
    keyspace = null;
    int n;
    try {
      n = decompressor.decompressDirectByteBuffer(scratch, 0, rawBytes, src, 0, packedBytes);
    } catch (ZstdException e) {
      throw new IllegalStateException("list node " + handle + " does not decompress: " + e.getMessage(), e);
    }
    if (n != rawBytes) {
      throw new IllegalStateException("list node " + handle + " decompresses to " + n + " bytes, not " + rawBytes);
    }
    keyspace = ks;
    node = handle;
    stamp = nodeStamp;
    return scratchSegment;
  }

  /**
   * Compresses {@code rawBytes} at {@code offset} of {@code chunk}; the result is in {@link #packed()} (valid until
   * the next call on this thread).
   *
   * @return the compressed length, or -1 when zstd fails
   */
  int compress(MemorySegment chunk, long offset, int rawBytes) {
    int bound = (int) Zstd.compressBound(rawBytes);
    if (packed.capacity() < bound) {
      packed = ByteBuffer.allocateDirect(Math.max(bound, packed.capacity() * 2));
    }
    ByteBuffer src = chunk.asSlice(offset, rawBytes).asByteBuffer();
    try {
      return compressor.compressDirectByteBuffer(packed, 0, packed.capacity(), src, 0, rawBytes);
    } catch (ZstdException e) {
      return -1;
    }
  }

  /** The output of the last {@link #compress}. */
  MemorySegment packed() {
    return MemorySegment.ofBuffer(packed);
  }
}
