package io.panamax.protocol.cache;

import io.panamax.transport.Cumulation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.panamax.protocol.resp.Shard;
import io.panamax.transport.ShardGroup;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache protocol connection: frames every complete request of a read, runs those of the local shard inline,
 * sends the others to their shards as one {@link CacheBatch} per shard, and writes replies back in request order
 * with one flush per read. Same scheme as the RESP connection: replies go to {@code out} while nothing is
 * outstanding, and queue behind the first outstanding {@link CacheBatch.Slot} in {@code pending} otherwise.
 *
 * <p>A partial request left when the client disconnects is released with the connection; replies of batches still
 * in flight are released when they come back.
 */
final class CacheConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(CacheConnection.class);

  private final ShardGroup<Shard> shards;
  private final CacheFrameDecoder frames;
  private final CacheRequestDecoder requests = new CacheRequestDecoder();
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private EventLoop loop;
  private int localShard;
  private Shard local;
  private CacheBatch[] outgoing;
  private int outgoingCount;
  private ByteBuf cumulation;
  private ByteBuf out;
  private boolean inBatch;
  private boolean closing;
  private boolean closed;

  CacheConnection(ShardGroup<Shard> shards, int maxRequestBytes) {
    this.shards = shards;
    this.frames = new CacheFrameDecoder(maxRequestBytes);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.loop = ctx.channel().eventLoop();
    this.localShard = shards.shardOf(loop);
    this.local = localShard < 0 ? null : shards.state(localShard);
    this.outgoing = new CacheBatch[shards.shardCount()];
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    closing = true;
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    releaseReady();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (closing) {
      in.release();
      return;
    }
    cumulation = Cumulation.append(allocator(), cumulation, in);
    inBatch = true;
    try {
      while (!closing && cumulation.isReadable()) {
        int status = frames.decode(cumulation);
        if (status == CacheFrameDecoder.NEED_MORE) {
          break;
        }
        if (status == CacheFrameDecoder.TOO_LARGE) {
          localReply().writeBytes(CacheReplyEncoder.INVALID);
          closing = true;
          break;
        }
        int length = frames.frameLength();
        CacheRequest request = new CacheRequest();
        if (status == CacheFrameDecoder.OBJECT) {
          requests.decode(cumulation, cumulation.readerIndex(), length, request);
        }
        cumulation.skipBytes(length);
        dispatch(request);
      }
    } finally {
      inBatch = false;
    }
    sendOutgoing();
    if (!cumulation.isReadable() || closing) {
      cumulation.release();
      cumulation = null;
    } else if (cumulation.refCnt() == 1 && cumulation.readerIndex() > cumulation.capacity() / 2) {
      cumulation.discardReadBytes();
    }
    drain();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // A client that does not read its replies stops being read from: bounded output buffering.
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("cache connection closed on error: {}", cause.toString());
    ctx.close();
  }

  private void dispatch(CacheRequest request) {
    if (request.op == CacheRequest.INVALID || request.op == CacheRequest.PING) {
      localReply().writeBytes(request.op == CacheRequest.PING ? CacheReplyEncoder.PONG : CacheReplyEncoder.INVALID);
      return;
    }
    int shard = shards.shardOfKey(request.key);
    if (shard == localShard) {
      CacheCommands.execute(local, request, localReply());
      return;
    }
    if (out != null) {
      pending.addLast(out);
      out = null;
    }
    CacheBatch.Slot slot = new CacheBatch.Slot();
    pending.addLast(slot);
    CacheBatch batch = outgoing[shard];
    if (batch == null) {
      batch = new CacheBatch(this, shards.state(shard));
      outgoing[shard] = batch;
      outgoingCount++;
    }
    batch.add(request, slot);
  }

  /** The buffer for the next reply that is produced right now, in order. */
  private ByteBuf localReply() {
    if (pending.isEmpty()) {
      if (out == null) {
        out = allocator().directBuffer(256);
      }
      return out;
    }
    if (pending.peekLast() instanceof ByteBuf tail) {
      return tail;
    }
    ByteBuf buf = allocator().directBuffer(256);
    pending.addLast(buf);
    return buf;
  }

  private void sendOutgoing() {
    if (outgoingCount == 0) {
      return;
    }
    for (int i = 0; i < outgoing.length; i++) {
      CacheBatch batch = outgoing[i];
      if (batch != null) {
        outgoing[i] = null;
        shards.execute(i, batch);
      }
    }
    outgoingCount = 0;
  }

  /** Writes every reply that is ready, in order, and flushes once. */
  private void drain() {
    if (closed) {
      releaseReady();
      return;
    }
    boolean wrote = false;
    if (out != null) {
      ctx.write(out, ctx.voidPromise());
      out = null;
      wrote = true;
    }
    while (!pending.isEmpty()) {
      Object head = pending.peekFirst();
      ByteBuf buf;
      if (head instanceof CacheBatch.Slot slot) {
        if (!slot.done) {
          break;
        }
        buf = slot.content;
      } else {
        buf = (ByteBuf) head;
      }
      pending.pollFirst();
      ctx.write(buf, ctx.voidPromise());
      wrote = true;
    }
    if (wrote) {
      ctx.flush();
    }
    if (closing && pending.isEmpty()) {
      closed = true;
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Releases replies already produced (on close); slots still in flight are released by {@link #drain()} later. */
  private void releaseReady() {
    if (out != null) {
      out.release();
      out = null;
    }
    while (!pending.isEmpty()) {
      Object head = pending.peekFirst();
      if (head instanceof CacheBatch.Slot slot) {
        if (!slot.done) {
          return;
        }
        slot.content.release();
      } else {
        ((ByteBuf) head).release();
      }
      pending.pollFirst();
    }
  }

  void onBatchCompleted() {
    if (!inBatch) {
      drain();
    }
  }

  ByteBufAllocator allocator() {
    return ctx != null ? ctx.alloc() : ByteBufAllocator.DEFAULT;
  }

  /** Runs {@code task} on this connection's loop, after the tasks this loop's shard was sent before (see ShardGroup#execute). */
  void executeHere(Runnable task) {
    if (localShard >= 0) {
      shards.execute(localShard, task);
    } else {
      loop.execute(task);
    }
  }
}
