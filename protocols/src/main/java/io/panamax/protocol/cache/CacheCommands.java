package io.panamax.protocol.cache;

import io.netty.buffer.ByteBuf;
import io.panamax.engine.keyspace.Keyspace;
import io.panamax.protocol.resp.Shard;
import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cache requests on the shard that owns their key, in the keyspace RESP uses: a cache SET is a RESP string
 * (TTL from {@code ttl_ms}), a RESP string is a cache value. Writes carry {@link Keyspace#EVICT}: the cache protocol
 * always evicts to fit under maxmemory, choosing victims by {@code maxmemory-policy}, or least-recently-used first
 * under {@code noeviction} (KV-Cache's promise). Under a volatile policy with no key with a TTL left, a write that does
 * not fit gets the out-of-memory error. GET and SET are accesses (LRU position, OBJECT IDLETIME, LFU counter).
 *
 * <ul>
 *   <li>GET: hit echoes key and value; miss is status OK, "Key not found.".
 *   <li>SET: "Key inserted/updated successfully."; with {@code ttl_ms} the key expires that many ms from now.
 *   <li>DEL: "Key deleted." or "Key not found.".
 *   <li>TTL: hit with the remaining ms as the value ("-1": no TTL), as Redis PTTL; or "Key not found.".
 * </ul>
 */
final class CacheCommands {
  private static final Logger LOG = LoggerFactory.getLogger(CacheCommands.class);

  private CacheCommands() {}

  /** Executes {@code r} (not PING or INVALID) on {@code shard}, appending the reply to {@code out}. */
  static void execute(Shard shard, CacheRequest r, ByteBuf out) {
    int mark = out.writerIndex();
    try {
      Keyspace ks = shard.keyspace();
      MemorySegment key = MemorySegment.ofArray(r.key);
      switch (r.op) {
        case CacheRequest.GET -> {
          long ref = ks.lookup(key);
          shard.countLookup(ref >= 0);
          if (ref < 0) {
            out.writeBytes(CacheReplyEncoder.NOT_FOUND);
          } else if (ks.type(ref) != Keyspace.TYPE_STRING) {
            out.writeBytes(CacheReplyEncoder.WRONG_TYPE);
          } else {
            CacheReplyEncoder.hit(out, r.key, ks.segment(ref), ks.valueOffset(ref), ks.valueLength(ref));
          }
        }
        case CacheRequest.SET -> {
          long expireAt = r.ttlMs > 0 ? saturatedAdd(System.currentTimeMillis(), r.ttlMs) : 0;
          long ref = ks.put(key, Keyspace.TYPE_STRING, r.value.length, expireAt, Keyspace.EVICT);
          if (ref == Keyspace.OOM) {
            out.writeBytes(CacheReplyEncoder.OOM);
          } else {
            MemorySegment.copy(MemorySegment.ofArray(r.value), 0, ks.segment(ref), ks.valueOffset(ref),
                r.value.length);
            out.writeBytes(CacheReplyEncoder.SET_OK);
          }
        }
        case CacheRequest.DEL -> out.writeBytes(ks.delete(key) ? CacheReplyEncoder.DELETED : CacheReplyEncoder.NOT_FOUND);
        case CacheRequest.TTL -> {
          long ref = ks.lookup(key);
          if (ref < 0) {
            out.writeBytes(CacheReplyEncoder.NOT_FOUND);
          } else {
            long expireAt = ks.expireAtMs(ref);
            long ttl = expireAt < 0 ? -1 : Math.max(0, expireAt - System.currentTimeMillis());
            CacheReplyEncoder.hit(out, r.key, Long.toString(ttl));
          }
        }
        default -> throw new IllegalArgumentException("op=" + r.op);
      }
    } catch (RuntimeException | OutOfMemoryError e) {
      shard.countError();
      LOG.error("cache request failed on shard {}", shard.index(), e);
      out.writerIndex(mark);
      out.writeBytes(CacheReplyEncoder.INTERNAL);
    }
    shard.countCommand();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
