package io.panamax.engine.collection;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The entry offsets of one list node, cached per thread (a shard's lists are only touched on its thread), so that
 * popping from the tail and reaching an index deep inside a node do not rescan the node's length-prefixed entries
 * each time (an 8 KiB node of 3-byte elements holds ~2,000 entries; without this RPOP walked them all, O(node)).
 * Redis's listpack solves the same with a back-length byte per entry; this costs no memory per element.
 *
 * <p>Validity: every change of a node's entry layout gives the node a fresh stamp ({@link
 * QuickListDescriptor#NODE_STAMP_OFFSET}, from this thread's counter), so a cached array is used only while the
 * keyspace, the node handle and the stamp all match; a freed and reused handle gets a new stamp. Pops of the last
 * entry update the cache in place instead of discarding it.
 */
final class NodeOffsets {
  private static final ThreadLocal<NodeOffsets> PER_THREAD = ThreadLocal.withInitial(NodeOffsets::new);

  private int nextStamp = 1;
  private Keyspace keyspace;
  private long node = -1;
  private int stamp;
  private int[] offsets = new int[256];
  private int count;

  private NodeOffsets() {}

  static NodeOffsets current() {
    return PER_THREAD.get();
  }

  /** A stamp no node of this thread carries at the moment (0 is never handed out). */
  int freshStamp() {
    int s = nextStamp++;
    if (s == 0) {
      s = nextStamp++;
    }
    return s;
  }

  /**
   * Offset (from the first entry) of entry {@code index} of the node; rebuilds the cache from the node when it does
   * not describe it.
   */
  int offset(Keyspace ks, long handle, int nodeStamp, MemorySegment seg, long base, int entries, int index) {
    if (ks != keyspace || handle != node || nodeStamp != stamp || count != entries) {
      rebuild(ks, handle, nodeStamp, seg, base, entries);
    }
    return offsets[index];
  }

  /** After the node's last entry was removed and the node got {@code newStamp}: keeps the other offsets. */
  void lastRemoved(Keyspace ks, long handle, int oldStamp, int newStamp) {
    if (ks == keyspace && handle == node && oldStamp == stamp && count > 0) {
      count--;
      stamp = newStamp;
    }
  }

  /** After an entry was appended at {@code at} and the node got {@code newStamp}: extends a cache that was valid. */
  void appended(Keyspace ks, long handle, int oldStamp, int newStamp, int at) {
    if (ks == keyspace && handle == node && oldStamp == stamp) {
      if (count == offsets.length) {
        offsets = Arrays.copyOf(offsets, count * 2);
      }
      offsets[count++] = at;
      stamp = newStamp;
    }
  }

  private void rebuild(Keyspace ks, long handle, int nodeStamp, MemorySegment seg, long base, int entries) {
    if (offsets.length < entries) {
      offsets = new int[Math.max(entries, offsets.length * 2)];
    }
    int at = 0;
    for (int i = 0; i < entries; i++) {
      offsets[i] = at;
      at += QuickListDescriptor.entryBytes(QuickList.entryLength(seg, base + at));
    }
    keyspace = ks;
    node = handle;
    stamp = nodeStamp;
    count = entries;
  }
}
