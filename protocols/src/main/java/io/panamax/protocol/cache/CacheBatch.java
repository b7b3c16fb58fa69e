package io.panamax.protocol.cache;

import io.netty.buffer.ByteBuf;
import io.panamax.protocol.resp.Shard;
import java.util.Arrays;

/**
 * Every request of one read batch of one cache connection that belongs to one other shard: runs there as ONE task
 * encoding all replies into one buffer, then comes back as one task that fills the connection's reply slots with
 * slices of it. Runs twice: first on the target shard, then on the origin loop.
 */
final class CacheBatch implements Runnable {
  /** The place of one reply in the connection's reply order. */
  static final class Slot {
    ByteBuf content;
    boolean done;
  }

  private final CacheConnection origin;
  private final Shard target;
  private CacheRequest[] requests = new CacheRequest[8];
  private Slot[] slots = new Slot[8];
  private int[] ends = new int[8];
  private int count;
  private ByteBuf replies;
  private boolean executed;

  CacheBatch(CacheConnection origin, Shard target) {
    this.origin = origin;
    this.target = target;
  }

  void add(CacheRequest request, Slot slot) {
    if (count == requests.length) {
      requests = Arrays.copyOf(requests, count * 2);
      slots = Arrays.copyOf(slots, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
    }
    requests[count] = request;
    slots[count] = slot;
    count++;
  }

  @Override
  public void run() {
    if (!executed) {
      replies = origin.allocator().directBuffer(96 * count);
      for (int i = 0; i < count; i++) {
        CacheCommands.execute(target, requests[i], replies);
        ends[i] = replies.writerIndex();
      }
      executed = true;
      origin.executeHere(this);
      return;
    }
    int start = 0;
    for (int i = 0; i < count; i++) {
      slots[i].content = replies.retainedSlice(start, ends[i] - start);
      slots[i].done = true;
      start = ends[i];
    }
    replies.release();
    origin.onBatchCompleted();
  }
}
