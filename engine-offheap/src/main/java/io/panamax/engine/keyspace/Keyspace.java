package io.panamax.engine.keyspace;

import static io.panamax.engine.keyspace.RecordDescriptor.EXPIRE_BYTES;
import static io.panamax.engine.keyspace.RecordDescriptor.EXPIRE_LAYOUT;
import static io.panamax.engine.keyspace.RecordDescriptor.LENGTH_LAYOUT;
import static io.panamax.engine.keyspace.RecordDescriptor.VALUE_LENGTH_OFFSET;
import static io.panamax.engine.keyspace.RefDescriptor.hasTtl;
import static io.panamax.engine.keyspace.RefDescriptor.isCompact;

import io.panamax.engine.memory.SlabAllocator;
import io.panamax.engine.memory.SlabDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * One shard's in-memory keyspace: an open-addressing hash table of 64-byte buckets ({@link BucketDescriptor}) whose
 * slots hold refs ({@link RefDescriptor}) to records ({@link RecordDescriptor}) in a {@link SlabAllocator}. Keys and
 * values never touch the Java heap.
 *
 * <p>Not thread-safe: create and use it on the shard's thread only (its arenas are confined to that thread).
 *
 * <p><b>Refs.</b> A ref ({@code >= 0}) names an entry's record and is valid until the next mutating call ({@code put},
 * {@code delete}, {@code setExpireAt}, {@code lookup} of an expired key, {@code randomRef}, {@code clear},
 * {@code activeExpireCycle}). Growth alone never moves records, so a ref survives the bucket migration any call does.
 *
 * <pre>{@code
 * long ref = keyspace.put(key, Keyspace.TYPE_STRING, value.byteSize(), 0, 0);
 * if (ref == Keyspace.OOM) { ... reply -OOM ... }
 * MemorySegment.copy(value, 0, keyspace.segment(ref), keyspace.valueOffset(ref), value.byteSize());
 *
 * long found = keyspace.lookup(key);
 * if (found != Keyspace.NOT_FOUND && keyspace.type(found) == Keyspace.TYPE_STRING) {
 *   write(keyspace.segment(found), keyspace.valueOffset(found), keyspace.valueLength(found));
 * }
 * }</pre>
 *
 * <p><b>Growth.</b> Past 7/8 load a table twice as large is allocated ({@link #grownBuckets}); from then on every
 * call moves one bucket of the old table (and {@link #activeExpireCycle} up to 64), lookups check both tables and
 * inserts go to the new one; the old table is freed when empty. No call rehashes more than a bucket or two, except an
 * insert that would overfill the new table before the old one is drained, which finishes the migration first (not
 * reached with 2x growth, since the old table drains within as many calls as it has buckets). There are no
 * tombstones to clean (see {@link BucketDescriptor}); the table does not shrink.
 *
 * <p><b>Errors.</b> Running out of memory (maxmemory or the OS) is the status {@link #OOM}; bad arguments throw
 * {@link IllegalArgumentException} with {@code name=value}; use after {@link #close()} or from a thread other than
 * the creating one throws {@link IllegalStateException} (a bug, not a status); nothing from FFM escapes.
 *
 * <p><b>maxmemory.</b> Checked before a write against {@link #usedMemoryBytes()} (records + tables, both tables while
 * growing): a write that would pass it returns {@link #OOM}. A growth that would pass it is skipped; the table then
 * fills past 7/8 (probing gets longer) and inserts fail with {@link #OOM} only when it is completely full.
 *
 * <p><b>Eviction.</b> Every entry is on an exact LRU list ({@link LruDescriptor}, 8 bytes per table slot) and has a
 * 4-byte access word ({@link AccessDescriptor}: last access time, or the LFU counter under LFU policies): {@code
 * lookup} and {@code put} (hence {@code setExpireAt}) make an entry the most recently used and count an access;
 * {@code peek}, {@code scan}, {@code randomRef} and the accessors do not. While there is no maxmemory (nothing can be
 * evicted) an access updates the access word but leaves the entry's place in the list: a reorder writes the slots of
 * its two neighbours, two random cache lines per hit. The list then orders entries by insertion, and once a limit is
 * set, accesses reorder it from then on: an entry not accessed since ranks by when it was inserted, as an LRU list
 * started at that moment would rank it. A write with eviction on (an {@link EvictionPolicy} other than noeviction,
 * see {@link #evictionConfig(EvictionConfig)}, or the {@link #EVICT} mode bit) that would pass maxmemory first evicts
 * entries chosen by the policy (which policies are exact and which sampled: {@link EvictionPolicy}), never the entry
 * being written, until it fits; it returns {@link #OOM} only when no
 * candidate is left (for volatile policies: no entry with a TTL). Nothing is evicted while the write fits. A growth
 * of the hash table counts as a write of the new table's bytes (both tables live during the migration): with
 * eviction on, a growth that does not fit evicts entries until it does, provided it would fit in an empty keyspace;
 * otherwise it stays at 7/8 load by evicting one entry per insert (without eviction it fills past 7/8 as
 * above). {@link #evictedCount()}
 * counts evicted entries. No heap allocation per access or per eviction.
 */
public final class Keyspace implements AutoCloseable {
  /** Status: no live entry for the key. */
  public static final long NOT_FOUND = -1;
  /** Status: the write would pass maxmemory or the OS refused memory; nothing changed. */
  public static final long OOM = -2;
  /** put mode bit: keep the old entry's TTL (if any), ignore {@code expireAtMs}. */
  public static final int KEEP_TTL = 1;
  /** put mode bit: the first {@code min(old, new)} value bytes are the old value's (APPEND, SETRANGE, INCR). */
  public static final int PRESERVE_VALUE = 2;
  /** put mode bit: value bytes not preserved are zeroed (instead of undefined), e.g. for SETRANGE padding. */
  public static final int ZERO_FILL = 4;
  /**
   * put mode bit: this write may evict least-recently-used entries to fit under maxmemory, whatever {@link
   * #evictionEnabled(boolean)} says (the cache protocol's writes).
   */
  public static final int EVICT = 8;
  /** Value type of strings. */
  public static final int TYPE_STRING = 0;

  /**
   * Frees what a non-string value owns outside its record (collection members, see {@link #allocateChunk(long)}).
   * Called on the shard thread with the ref of the value about to be dropped: on delete, expiry (lazy or active),
   * eviction, and a put that replaces it with another type or without {@link #PRESERVE_VALUE}. The record is still
   * readable during the call; the hook must only free chunks, never call a mutating keyspace method. {@link #clear()}
   * does not call it: clearing the allocator frees the chunks with the records.
   */
  @FunctionalInterface
  public interface ValueReleaser {
    /** Frees the chunks owned by the value of {@code ref} (type {@code != TYPE_STRING}). */
    void release(Keyspace keyspace, long ref);
  }

  private static final int MIN_BUCKETS = 8;
  private static final int MAX_BUCKETS = 1 << 28;
  private static final long POSITIONS = 1L << 32;
  private static final int MODES = KEEP_TTL | PRESERVE_VALUE | ZERO_FILL | EVICT;
  private static final int EXPIRE_BATCH_BUCKETS = 16;
  private static final int IDLE_MIGRATE_BUCKETS = 64;

  private final SlabAllocator allocator;
  private final LongSupplier clock;
  /** Clock of access words only (see {@link KeyspaceConfig#accessClockMs()}). */
  private final LongSupplier accessClock;
  private long maxmemoryBytes;
  private final int initialBuckets;
  private final KeyHasher hasher = new KeyHasher();
  private final LruList lru = new LruList();
  /** Scratch of {@link #prefetch}: the tag words of one batch. */
  private long[] prefetchWords = new long[16];
  private EvictionConfig eviction = EvictionConfig.defaults();
  /** Entries with a TTL (Redis's expires dict size): volatile policies find none left in O(1). */
  private long volatileCount;
  /** xorshift64 state for LFU increments and eviction sampling; fixed seed, so runs replay. */
  private long randomState = 0x9E37_79B9_7F4A_7C15L;
  private ValueReleaser releaser;
  private java.util.function.ObjIntConsumer<MemorySegment> addListener;
  private long evictedCount;
  private BucketTable table;
  private BucketTable oldTable;
  private int migrateCursor;
  private int expireCursor;
  private final Thread owner;
  private boolean closed;

  // Where the last successful find() found its entry; valid until the next table change.
  private BucketTable foundTable;
  private int foundHome;
  private int foundBucket;
  private int foundIndex;

  /**
   * Creates a keyspace on the calling thread.
   *
   * @throws IllegalStateException if the OS refuses the first table.
   */
  public Keyspace(KeyspaceConfig config) {
    this.owner = Thread.currentThread();
    this.clock = config.clockMs();
    this.accessClock = config.accessClockMs();
    this.maxmemoryBytes = config.maxmemoryBytes();
    this.initialBuckets = bucketsFor(config.initialCapacity());
    this.allocator = new SlabAllocator(0);
    this.table = BucketTable.allocate(initialBuckets, 0);
    if (table == null) {
      throw new IllegalStateException("hash table refused by the OS: buckets=" + initialBuckets);
    }
    lru.register(table);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Lookups and record accessors
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Finds the live entry of {@code key} (all bytes of the segment, heap or native). An entry whose expireAtMs is
   * {@code <=} the clock is deleted on the spot and reported missing (lazy expiry).
   *
   * @return the entry's ref, or {@link #NOT_FOUND}.
   * @throws IllegalArgumentException if the key segment is not alive or longer than 2^31 - 65 bytes.
   */
  public long lookup(MemorySegment key) {
    checkUsable();
    long hash = hasher.hashKey(key);
    migrateStep();
    long ref = find(key, hash);
    if (ref >= 0) {
      if (hasTtl(ref) && readExpire(ref) <= clock.getAsLong()) {
        removeFound(ref);
        return NOT_FOUND;
      }
      touchFound();
    }
    return ref;
  }

  /** The hash {@link #prefetch} takes for {@code key}: what a lookup of it computes first. */
  public long hash(MemorySegment key) {
    return hasher.hashKey(key);
  }

  /**
   * Loads, for each of {@code count} keys given by their {@link #hash}, the cache lines a lookup waits on first: the
   * home bucket's tag word (in both tables while a growth is in progress), then the record of the bucket's first tag
   * match. A batch of lookups that calls this first takes its cache misses side by side (one pass issues every bucket
   * load, the next every record load, each independent of the others) instead of one after another; Valkey 8
   * prefetches a batch of commands' keys for the same reason. Changes nothing, not even the LRU order.
   *
   * @return a value derived from the loaded bytes, to be ignored (it keeps the loads from being optimised away)
   */
  public long prefetch(long[] hashes, int count) {
    checkUsable();
    BucketTable t = table;
    long[] words = prefetchWords;
    if (words.length < count) {
      words = prefetchWords = new long[Math.max(count, words.length * 2)];
    }
    long sink = 0;
    for (int i = 0; i < count; i++) {
      words[i] = t.tagWord(t.home(hashes[i]));
    }
    BucketTable old = oldTable;
    if (old != null) {
      // During a growth a key not yet in the new table is looked for in the old one too (every new key is).
      for (int i = 0; i < count; i++) {
        sink += old.tagWord(old.home(hashes[i]));
      }
    }
    for (int i = 0; i < count; i++) {
      long m = BucketDescriptor.match(words[i], BucketDescriptor.tag(hashes[i]));
      if (m != 0) {
        long ref = t.slot(t.home(hashes[i]), Long.numberOfTrailingZeros(m) >>> 3);
        sink += allocator.segment(ref).get(ValueLayout.JAVA_BYTE, allocator.offset(ref));
      }
    }
    return sink;
  }

  /**
   * Like {@link #lookup(MemorySegment)} (lazy expiry included) but without making the entry recently used or counting
   * an access (Redis's LOOKUP_NOTOUCH: OBJECT, TYPE, TTL).
   *
   * @return the entry's ref, or {@link #NOT_FOUND}.
   */
  public long peek(MemorySegment key) {
    checkUsable();
    long hash = hasher.hashKey(key);
    migrateStep();
    long ref = find(key, hash);
    if (ref >= 0 && hasTtl(ref) && readExpire(ref) <= clock.getAsLong()) {
      removeFound(ref);
      return NOT_FOUND;
    }
    return ref;
  }

  /**
   * Seconds since the last access of the entry of {@code key} (OBJECT IDLETIME), without counting an access. Meaningful
   * under non-LFU policies only: under an LFU policy the access word holds the counter (Redis answers an error then).
   *
   * @return seconds {@code >= 0}, or {@link #NOT_FOUND} if the key has no live entry.
   */
  public long idleTimeSeconds(MemorySegment key) {
    if (peek(key) < 0) {
      return NOT_FOUND;
    }
    return AccessDescriptor.idleSeconds(foundTable.access(foundBucket, foundIndex), accessClock.getAsLong());
  }

  /**
   * The decayed LFU counter 0..255 of the entry of {@code key} (OBJECT FREQ), without counting an access. Meaningful
   * under LFU policies only (Redis answers an error otherwise).
   *
   * @return the counter, or {@link #NOT_FOUND} if the key has no live entry.
   */
  public long lfuFrequency(MemorySegment key) {
    if (peek(key) < 0) {
      return NOT_FOUND;
    }
    return LfuCounter.decayed(foundTable.access(foundBucket, foundIndex),
        LfuCounter.minutes(accessClock.getAsLong()), eviction.lfuDecayTimeMinutes());
  }

  /** Value type of the entry (4 bits; {@link #TYPE_STRING} = 0). Reads only the ref. */
  public int type(long ref) {
    return RefDescriptor.type(checkRef(ref));
  }

  /** expireAtMs of the entry, or -1 if it has no TTL. */
  public long expireAtMs(long ref) {
    return hasTtl(checkRef(ref)) ? readExpire(ref) : -1;
  }

  /** Key length in bytes. */
  public int keyLength(long ref) {
    return readKeyLength(checkRef(ref));
  }

  /** Value length in bytes. */
  public int valueLength(long ref) {
    checkRef(ref);
    if (isCompact(ref)) {
      long chunk = allocator.chunkBytes(ref);
      return (int) (chunk - (hasTtl(ref) ? EXPIRE_BYTES : 0) - RefDescriptor.compactKeyLength(ref))
          - RefDescriptor.compactSlack(ref);
    }
    return allocator.segment(ref).get(LENGTH_LAYOUT, allocator.offset(ref) + VALUE_LENGTH_OFFSET);
  }

  /** The segment holding the entry's record (a slab page or a large segment). */
  public MemorySegment segment(long ref) {
    return allocator.segment(checkRef(ref));
  }

  /** Byte offset of the key in {@link #segment(long)}. */
  public long keyOffset(long ref) {
    return allocator.offset(checkRef(ref)) + RecordDescriptor.keyStart(ref);
  }

  /** Byte offset of the value in {@link #segment(long)}; the value is {@link #valueLength(long)} bytes. */
  public long valueOffset(long ref) {
    return keyOffset(ref) + readKeyLength(ref);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writes
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Inserts or replaces the entry of {@code key} with a record of {@code valueLength} value bytes, which the caller
   * then writes at {@code segment(ref)}, {@code valueOffset(ref)}. Value bytes are undefined unless preserved or
   * zeroed by {@code mode}. A replaced record is reused in place when its chunk is of the right size class, else
   * freed.
   *
   * @param type value type 0..15.
   * @param valueLength value bytes, 0..2^31 - 65.
   * @param expireAtMs absolute expiry in ms since the epoch, 0 = no TTL (ignored with {@link #KEEP_TTL} when the key
   *     exists).
   * @param mode OR of {@link #KEEP_TTL}, {@link #PRESERVE_VALUE}, {@link #ZERO_FILL}, {@link #EVICT}, or 0.
   * @return the new ref, or {@link #OOM} when maxmemory would be exceeded (and eviction is off or found nothing left
   *     to evict) or memory is exhausted; then the entry of the key is unchanged (an already expired one is lazily
   *     deleted; entries evicted on the way stay evicted).
   * @throws IllegalArgumentException on an out-of-range argument or a dead key segment.
   */
  public long put(MemorySegment key, int type, long valueLength, long expireAtMs, int mode) {
    if (type < 0 || type > RefDescriptor.MAX_TYPE) {
      throw new IllegalArgumentException("type=" + type);
    }
    if (valueLength < 0 || valueLength > RecordDescriptor.MAX_LENGTH_BYTES) {
      throw new IllegalArgumentException("valueLength=" + valueLength);
    }
    if (expireAtMs < 0) {
      throw new IllegalArgumentException("expireAtMs=" + expireAtMs);
    }
    if ((mode & ~MODES) != 0) {
      throw new IllegalArgumentException("mode=" + mode);
    }
    checkUsable();
    long hash = hasher.hashKey(key);
    migrateStep();
    long oldRef = find(key, hash);
    if (oldRef >= 0 && hasTtl(oldRef) && readExpire(oldRef) <= clock.getAsLong()) {
      removeFound(oldRef);
      oldRef = NOT_FOUND;
    }
    if (oldRef < 0) {
      long ref = insert(key, hash, type, valueLength, expireAtMs, mode);
      if (ref >= 0 && addListener != null) {
        addListener.accept(key, type);
      }
      return ref;
    }
    touchFound();
    long expire = expireAtMs;
    if ((mode & KEEP_TTL) != 0) {
      expire = hasTtl(oldRef) ? readExpire(oldRef) : 0;
    }
    int oldType = type(oldRef);
    long ref = replace(oldRef, type, valueLength, expire, mode, true);
    if (ref >= 0 && oldType != type && addListener != null) {
      addListener.accept(key, type);
    }
    return ref;
  }

  /**
   * Installs the hook told, from {@link #put}, that {@code key} now holds a value of {@code type} it did not hold
   * before (a new key, or a key whose type changed); null for none. Redis's {@code signalKeyAsReady} point in
   * {@code dbAdd}: blocked clients (BLPOP, BZPOPMIN) are served from it. Called before the caller writes the value
   * bytes, so the hook must only note the key; the key segment is valid only during the call.
   */
  public void addListener(java.util.function.ObjIntConsumer<MemorySegment> hook) {
    checkUsable();
    this.addListener = hook;
  }

  /** Installs the hook that frees the chunks of non-string values when they are dropped; null for none. */
  public void valueReleaser(ValueReleaser hook) {
    checkUsable();
    this.releaser = hook;
  }

  /**
   * Allocates a chunk of at least {@code sizeBytes} from this keyspace's slab allocator for a value's out-of-record
   * data (collection members). Counts in {@link #usedMemoryBytes()} and against maxmemory; it never evicts (the entry
   * being written must not be evicted under its writer).
   *
   * @return the chunk's handle ({@code >= 0}), or {@link #OOM} when maxmemory would be exceeded or the OS refused.
   * @throws IllegalArgumentException if {@code sizeBytes <= 0}.
   */
  public long allocateChunk(long sizeBytes) {
    return allocateChunk(sizeBytes, false, true);
  }

  /**
   * {@link #allocateChunk(long)} with the first {@code sizeBytes} bytes zero; a big chunk (a collection's slot table)
   * costs no zeroing pass (see {@link SlabAllocator#allocateZeroed(long)}).
   */
  public long allocateZeroedChunk(long sizeBytes) {
    return allocateChunk(sizeBytes, true, true);
  }

  private long allocateChunk(long sizeBytes, boolean zeroed, boolean checkLimit) {
    if (sizeBytes <= 0) {
      throw new IllegalArgumentException("sizeBytes=" + sizeBytes);
    }
    checkUsable();
    if (checkLimit && !fits(SlabDescriptor.chunkBytesFor(sizeBytes), false, LruDescriptor.NIL)) {
      return OOM;
    }
    long handle = zeroed ? allocator.allocateZeroed(sizeBytes) : allocator.allocate(sizeBytes);
    return handle < 0 ? OOM : handle;
  }

  /**
   * {@link #allocateChunk(long)} without the maxmemory check, for memory a command already admitted needs to finish:
   * a compressed list node decompressed to be edited or popped (Redis does not deny that under maxmemory either), or
   * the smaller chunk that replaces a node being compressed. Counts in {@link #usedMemoryBytes()} like any chunk.
   *
   * @return the chunk's handle, or {@link #OOM} when the OS refused memory.
   */
  public long allocateChunkOverLimit(long sizeBytes) {
    return allocateChunk(sizeBytes, false, false);
  }

  /** Frees a chunk from {@link #allocateChunk(long)}. */
  public void freeChunk(long handle) {
    allocator.free(checkRef(handle));
  }

  /** The segment holding the chunk {@code handle}. */
  public MemorySegment chunkSegment(long handle) {
    return allocator.segment(checkRef(handle));
  }

  /** Byte offset of the chunk {@code handle} in {@link #chunkSegment(long)}. */
  public long chunkOffset(long handle) {
    return allocator.offset(checkRef(handle));
  }

  /**
   * Deletes the entry of {@code key} like {@link #delete(MemorySegment)} but without calling the {@link
   * ValueReleaser}: its chunks now belong to whoever copied its value bytes (RENAME within a shard).
   *
   * @return true if a live entry was detached (an expired one is reclaimed, chunks included, and reported false).
   */
  public boolean detach(MemorySegment key) {
    checkUsable();
    long hash = hasher.hashKey(key);
    migrateStep();
    long ref = find(key, hash);
    if (ref < 0) {
      return false;
    }
    if (hasTtl(ref) && readExpire(ref) <= clock.getAsLong()) {
      removeFound(ref);
      return false;
    }
    lru.remove(foundTable, foundBucket, foundIndex);
    foundTable.remove(foundHome, foundBucket, foundIndex);
    volatileCount -= hasTtl(ref) ? 1 : 0;
    allocator.free(ref);
    return true;
  }

  /**
   * Shorthand for {@link #evictionConfig(EvictionConfig)} with {@code allkeys-lru} (true) or {@code noeviction}
   * (false), other settings unchanged.
   */
  public void evictionEnabled(boolean enabled) {
    evictionConfig(eviction.withPolicy(enabled ? EvictionPolicy.ALLKEYS_LRU : EvictionPolicy.NOEVICTION));
  }

  /**
   * Sets {@code maxmemory-policy}, {@code maxmemory-samples}, {@code lfu-log-factor} and {@code lfu-decay-time} (CONFIG
   * SET); takes effect on the next write. Writes with the {@link #EVICT} mode bit evict under {@code noeviction} too,
   * choosing victims as {@code allkeys-lru}. Entries keep their access words across a change between LRU and LFU
   * policies, which then read them with the other meaning until they are next used (as in Redis).
   */
  public void evictionConfig(EvictionConfig config) {
    checkUsable();
    this.eviction = java.util.Objects.requireNonNull(config, "config");
  }

  /** The eviction settings in force. */
  public EvictionConfig evictionConfig() {
    return eviction;
  }

  /** Entries with a TTL, expired ones not yet reclaimed included (INFO keyspace {@code expires}). */
  public long volatileCount() {
    return volatileCount;
  }

  /** Entries evicted for maxmemory since creation (INFO stats evicted_keys). */
  public long evictedCount() {
    return evictedCount;
  }

  /**
   * Calls {@code visitor} with the ref of each live entry from the least to the most recently used, without changing
   * the order, until it returns false (tests and diagnostics; O(n)).
   */
  public void forEachLeastRecentFirst(java.util.function.LongPredicate visitor) {
    checkUsable();
    for (int p = lru.tail(); p != LruDescriptor.NIL; p = lru.prev(p)) {
      BucketTable t = lru.table(p);
      if (!visitor.test(t.slot(LruDescriptor.bucket(p), LruDescriptor.index(p)))) {
        return;
      }
    }
  }

  /**
   * Deletes the entry of {@code key} and frees its record.
   *
   * @return true if a live entry was deleted (an expired one is reclaimed but reported false).
   */
  public boolean delete(MemorySegment key) {
    checkUsable();
    long hash = hasher.hashKey(key);
    migrateStep();
    long ref = find(key, hash);
    if (ref < 0) {
      return false;
    }
    boolean live = !hasTtl(ref) || readExpire(ref) > clock.getAsLong();
    removeFound(ref);
    return live;
  }

  /**
   * Sets the TTL of the entry of {@code key} (EXPIRE/PEXPIREAT), or removes it when {@code expireAtMs == 0}
   * (PERSIST). Adding or removing the 8-byte field may move the record; maxmemory is not enforced for those 8 bytes,
   * as Redis does not deny EXPIRE under maxmemory.
   *
   * @return false if the key has no live entry, or (only when the TTL field must be added or removed) the OS refused
   *     memory for the moved record, in which case the entry is unchanged.
   * @throws IllegalArgumentException if {@code expireAtMs < 0}.
   */
  public boolean setExpireAt(MemorySegment key, long expireAtMs) {
    if (expireAtMs < 0) {
      throw new IllegalArgumentException("expireAtMs=" + expireAtMs);
    }
    if (lookup(key) < 0) {
      return false;
    }
    long ref = foundTable.slot(foundBucket, foundIndex);
    if (hasTtl(ref) == (expireAtMs != 0)) {
      if (expireAtMs != 0) {
        allocator.segment(ref).set(EXPIRE_LAYOUT, allocator.offset(ref) + RecordDescriptor.expireStart(ref), expireAtMs);
      }
      return true;
    }
    return replace(ref, RefDescriptor.type(ref), valueLength(ref), expireAtMs, PRESERVE_VALUE, false) >= 0;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Whole-keyspace operations
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Entries held, including expired ones not yet reclaimed by lazy or active expiry (as Redis DBSIZE counts them).
   */
  public long size() {
    return table.count + (oldTable == null ? 0 : oldTable.count);
  }

  /**
   * One step of a SCAN (https://redis.io/docs/latest/commands/scan/). Start with cursor 0, pass back the returned
   * cursor, stop when it is 0. Every entry present for the whole scan is visited exactly once per scan, even across
   * growths: the cursor is a position in the 32-bit hash space (high hash bits), not a bucket index, and each call
   * visits exactly the entries whose hash position is in {@code [cursor, next)}, in both tables while growing (bucket
   * order is hash order, see {@link BucketDescriptor}). Expired entries are skipped. A cursor outside
   * {@code [0, 2^32)} ends the scan (returns 0, visits nothing).
   *
   * @param count hint of entries to visit, {@code >= 1}; about {@code count / 5} buckets are covered per call.
   * @return the next cursor, 0 when done.
   */
  public long scan(long cursor, int count, ScanVisitor visitor) {
    if (count < 1) {
      throw new IllegalArgumentException("count=" + count);
    }
    checkUsable();
    if (cursor < 0 || cursor >= POSITIONS) {
      return 0;
    }
    BucketTable t = table;
    long endBucket = Math.min(t.buckets, t.homeOfPosition(cursor) + (long) Math.max(1, (count + 4) / 5));
    long end = endBucket == t.buckets ? POSITIONS : Math.ceilDiv(endBucket << 32, (long) t.buckets);
    long now = clock.getAsLong();
    scanTable(t, cursor, end, now, visitor);
    if (oldTable != null) {
      scanTable(oldTable, cursor, end, now, visitor);
    }
    return end == POSITIONS ? 0 : end;
  }

  /**
   * A random live entry (RANDOMKEY), or {@link #NOT_FOUND} when empty. Expired entries met on the way are deleted. Not
   * uniform: entries after runs of empty slots are likelier, as in Redis.
   */
  public long randomRef(RandomGenerator rnd) {
    checkUsable();
    long now = clock.getAsLong();
    while (size() > 0) {
      BucketTable t = table;
      if (oldTable != null && (table.count == 0 || rnd.nextLong(size()) < oldTable.count)) {
        t = oldTable;
      }
      int bucket = rnd.nextInt(t.buckets);
      for (int probes = 0; probes < t.buckets; probes++, bucket = t.next(bucket)) {
        long full = BucketDescriptor.fullMask(t.tagWord(bucket));
        if (full == 0) {
          continue;
        }
        for (int skip = rnd.nextInt(Long.bitCount(full)); skip > 0; skip--) {
          full &= full - 1;
        }
        int index = Long.numberOfTrailingZeros(full) >>> 3;
        long ref = t.slot(bucket, index);
        if (!hasTtl(ref) || readExpire(ref) > now) {
          return ref;
        }
        removeAt(t, bucket, index, ref);
        break;
      }
    }
    return NOT_FOUND;
  }

  /**
   * Deletes every entry and frees every record (FLUSHDB). Cost: one arena close per 1 MiB slab page and per large
   * allocation (not per key) plus zeroing the initial table; a 1 GiB shard closes about 1000 arenas.
   */
  public void clear() {
    checkUsable();
    allocator.clear();
    if (oldTable != null) {
      oldTable.close();
      oldTable = null;
    }
    BucketTable fresh = table.buckets == initialBuckets ? null : BucketTable.allocate(initialBuckets, table.parity);
    if (fresh != null) {
      table.close();
      table = fresh;
      lru.register(table);
    } else {
      table.wipe();
    }
    lru.reset();
    volatileCount = 0;
    migrateCursor = 0;
    expireCursor = 0;
  }

  /**
   * Active expiry: sweeps buckets from a persistent cursor, deleting expired entries, until {@code budgetNanos} is
   * spent (checked every 16 buckets) or the whole table was swept once; no sweep while no entry has a TTL. While a growth is in progress it first
   * migrates up to 64 buckets; entries still in the old table are left to lazy expiry and later cycles.
   *
   * @return the number of entries deleted.
   */
  public int activeExpireCycle(long budgetNanos) {
    if (budgetNanos < 0) {
      throw new IllegalArgumentException("budgetNanos=" + budgetNanos);
    }
    checkUsable();
    long start = System.nanoTime();
    for (int i = 0; i < IDLE_MIGRATE_BUCKETS && oldTable != null; i++) {
      migrateStep();
    }
    if (volatileCount == 0) {
      return 0; // nothing can expire: no sweep (it cost ~2% of a shard's CPU at 1M keys without TTLs)
    }
    long now = clock.getAsLong();
    BucketTable t = table;
    int deleted = 0;
    int visited = 0;
    while (visited < t.buckets) {
      for (int i = 0; i < EXPIRE_BATCH_BUCKETS && visited < t.buckets; i++, visited++) {
        int bucket = expireCursor < t.buckets ? expireCursor : 0;
        deleted += expireBucket(t, bucket, now);
        expireCursor = t.next(bucket);
      }
      if (System.nanoTime() - start >= budgetNanos) {
        break;
      }
    }
    return deleted;
  }

  /**
   * Changes the memory limit ({@code CONFIG SET maxmemory}); 0 removes it. Entries already stored are kept even when
   * they pass a lowered limit; later writes get {@link #OOM} until enough is deleted.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public void maxmemoryBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxmemoryBytes=" + bytes);
    }
    checkUsable();
    this.maxmemoryBytes = bytes;
  }

  /** Allocator used bytes (chunk sizes handed out) plus the bytes of the hash table segment(s); exact. */
  public long usedMemoryBytes() {
    return allocator.usedBytes() + table.bytes() + (oldTable == null ? 0 : oldTable.bytes());
  }

  /** Bytes held from the OS: slab pages, large allocations and hash table segment(s). */
  public long reservedMemoryBytes() {
    return allocator.reservedBytes() + table.bytes() + (oldTable == null ? 0 : oldTable.bytes());
  }

  /** Buckets of the current table (for tests and INFO). */
  public int bucketCount() {
    return table.buckets;
  }

  /** Whether an incremental growth is in progress. */
  public boolean isGrowing() {
    return oldTable != null;
  }

  /** Frees all memory; the keyspace must not be used afterwards. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      allocator.close();
      table.close();
      if (oldTable != null) {
        oldTable.close();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------------------------

  private long insert(MemorySegment key, long hash, int type, long valueLength, long expire, int mode) {
    long keyLength = key.byteSize();
    boolean ttl = expire != 0;
    long need = RecordDescriptor.recordBytes(keyLength, valueLength, ttl);
    long chunk = SlabDescriptor.chunkBytesFor(need);
    boolean evict = eviction.policy().evicts() || (mode & EVICT) != 0;
    if (!fits(chunk, evict, LruDescriptor.NIL)) {
      return OOM;
    }
    if (!ensureRoomForOne(chunk, evict)) {
      return OOM;
    }
    long handle = allocator.allocate(need);
    if (handle < 0) {
      return OOM;
    }
    long ref = makeRef(handle, type, ttl, keyLength, valueLength, need);
    MemorySegment page = allocator.segment(handle);
    long keyAt = allocator.offset(handle) + RecordDescriptor.keyStart(ref);
    writeHeader(page, allocator.offset(handle), ref, keyLength, valueLength, expire);
    MemorySegment.copy(key, 0, page, keyAt, keyLength);
    if ((mode & ZERO_FILL) != 0) {
      page.asSlice(keyAt + keyLength, valueLength).fill((byte) 0);
    }
    int position = table.insert(hash, ref);
    lru.addFirst(table, position >>> 3, position & 7);
    table.setAccess(position >>> 3, position & 7, newAccessWord());
    volatileCount += ttl ? 1 : 0;
    return ref;
  }

  /** Replaces the record of the entry at the found position; the key is unchanged. */
  private long replace(long oldRef, int type, long valueLength, long expire, int mode, boolean enforceMaxmemory) {
    int keyLength = readKeyLength(oldRef);
    boolean ttl = expire != 0;
    long need = RecordDescriptor.recordBytes(keyLength, valueLength, ttl);
    int oldValueLength = valueLength(oldRef);
    long kept = (mode & PRESERVE_VALUE) != 0 ? Math.min(oldValueLength, valueLength) : 0;
    MemorySegment oldPage = allocator.segment(oldRef);
    long oldBase = allocator.offset(oldRef);
    long oldKeyAt = oldBase + RecordDescriptor.keyStart(oldRef);
    boolean release = releaser != null && RefDescriptor.type(oldRef) != TYPE_STRING
        && (RefDescriptor.type(oldRef) != type || (mode & PRESERVE_VALUE) == 0);
    long ref;
    MemorySegment page;
    long base;
    if (canReuse(oldRef, need)) {
      if (release) {
        releaser.release(this, oldRef);
      }
      ref = makeRef(oldRef, type, ttl, keyLength, valueLength, need);
      page = oldPage;
      base = oldBase;
      long keyAt = base + RecordDescriptor.keyStart(ref);
      if (keyAt != oldKeyAt) {
        MemorySegment.copy(page, oldKeyAt, page, keyAt, keyLength + kept); // overlap-safe
      }
    } else {
      long request = need;
      if (kept == oldValueLength && valueLength > oldValueLength
          && SlabDescriptor.sizeClassFor(need) == SlabDescriptor.LARGE_CLASS) {
        request = Math.max(need, Math.min(need + need / 4, 2L * RecordDescriptor.MAX_LENGTH_BYTES)); // APPEND room
      }
      if (enforceMaxmemory
          && !fits(SlabDescriptor.chunkBytesFor(request) - allocator.chunkBytes(oldRef),
              eviction.policy().evicts() || (mode & EVICT) != 0,
              LruDescriptor.pointer(foundTable.parity, foundBucket, foundIndex))) {
        return OOM;
      }
      long handle = allocator.allocate(request);
      if (handle < 0) {
        return OOM;
      }
      if (release) {
        releaser.release(this, oldRef);
      }
      ref = makeRef(handle, type, ttl, keyLength, valueLength, need);
      page = allocator.segment(handle);
      base = allocator.offset(handle);
      MemorySegment.copy(oldPage, oldKeyAt, page, base + RecordDescriptor.keyStart(ref), keyLength + kept);
      allocator.free(oldRef);
    }
    writeHeader(page, base, ref, keyLength, valueLength, expire);
    if ((mode & ZERO_FILL) != 0 && kept < valueLength) {
      page.asSlice(base + RecordDescriptor.keyStart(ref) + keyLength + kept, valueLength - kept).fill((byte) 0);
    }
    foundTable.setSlot(foundBucket, foundIndex, ref);
    volatileCount += (hasTtl(ref) ? 1 : 0) - (hasTtl(oldRef) ? 1 : 0);
    return ref;
  }

  private boolean canReuse(long oldRef, long need) {
    int sizeClass = allocator.sizeClass(oldRef);
    int wanted = SlabDescriptor.sizeClassFor(need);
    if (sizeClass != SlabDescriptor.LARGE_CLASS) {
      return wanted == sizeClass;
    }
    long capacity = allocator.chunkBytes(oldRef);
    return wanted == SlabDescriptor.LARGE_CLASS && need <= capacity && need >= capacity / 2;
  }

  private static long makeRef(long handle, int type, boolean ttl, long keyLength, long valueLength, long need) {
    if (RecordDescriptor.compactFits(keyLength, valueLength, ttl)) {
      int slack = (int) (SlabDescriptor.chunkBytesFor(need) - need);
      return RefDescriptor.compact(handle, type, ttl, (int) keyLength, slack);
    }
    return RefDescriptor.full(handle, type, ttl);
  }

  private static void writeHeader(
      MemorySegment page, long base, long ref, long keyLength, long valueLength, long expire) {
    if (!isCompact(ref)) {
      page.set(LENGTH_LAYOUT, base + RecordDescriptor.KEY_LENGTH_OFFSET, (int) keyLength);
      page.set(LENGTH_LAYOUT, base + VALUE_LENGTH_OFFSET, (int) valueLength);
    }
    if (hasTtl(ref)) {
      page.set(EXPIRE_LAYOUT, base + RecordDescriptor.expireStart(ref), expire);
    }
  }

  /**
   * Whether {@code extraBytes} more fit under maxmemory; with {@code evict}, evicts least-recently-used entries (never
   * the one at {@code protect}) until they do or nothing else is left.
   */
  private boolean fits(long extraBytes, boolean evict, int protect) {
    if (maxmemoryBytes == 0) {
      return true;
    }
    while (usedMemoryBytes() + extraBytes > maxmemoryBytes) {
      if (!evict || !evictOne(protect)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Evicts one entry chosen by the policy ({@code allkeys-lru} for {@link #EVICT} writes under {@code noeviction}),
   * never {@code protect}; false when no candidate is left.
   */
  private boolean evictOne(int protect) {
    EvictionPolicy policy = eviction.policy().evicts() ? eviction.policy() : EvictionPolicy.ALLKEYS_LRU;
    if (policy.volatileOnly() && volatileCount == 0) {
      return false;
    }
    int p = switch (policy) {
      case ALLKEYS_LRU, NOEVICTION -> lru.tail();
      case VOLATILE_LRU -> leastRecentVolatile(protect);
      default -> sampledVictim(policy, protect);
    };
    if (p == LruDescriptor.NIL || p == protect) {
      return false;
    }
    BucketTable t = lru.table(p);
    int bucket = LruDescriptor.bucket(p);
    int index = LruDescriptor.index(p);
    removeAt(t, bucket, index, t.slot(bucket, index));
    evictedCount++;
    return true;
  }

  /** The least recently used entry with a TTL other than {@code protect}: exact, a walk from the LRU tail. */
  private int leastRecentVolatile(int protect) {
    for (int p = lru.tail(); p != LruDescriptor.NIL; p = lru.prev(p)) {
      if (p != protect && hasTtl(lru.table(p).slot(LruDescriptor.bucket(p), LruDescriptor.index(p)))) {
        return p;
      }
    }
    return LruDescriptor.NIL;
  }

  /**
   * Redis's sampled victim: of {@code maxmemory-samples} random entries (with a TTL for volatile policies), other than
   * {@code protect}, the first (random), the soonest to expire (volatile-ttl) or the lowest decayed LFU counter.
   */
  private int sampledVictim(EvictionPolicy policy, int protect) {
    boolean volatileOnly = policy.volatileOnly();
    int samples = policy == EvictionPolicy.ALLKEYS_RANDOM || policy == EvictionPolicy.VOLATILE_RANDOM
        ? 1 : eviction.samples();
    int nowMinutes = LfuCounter.minutes(accessClock.getAsLong());
    int best = LruDescriptor.NIL;
    long bestScore = Long.MAX_VALUE;
    for (int taken = 0, attempts = 0; taken < samples && attempts < 4 * samples + 16; attempts++) {
      int p = randomSlot(volatileOnly);
      if (p == LruDescriptor.NIL) {
        break;
      }
      if (p == protect) {
        continue;
      }
      taken++;
      BucketTable t = lru.table(p);
      int bucket = LruDescriptor.bucket(p);
      int index = LruDescriptor.index(p);
      long score = switch (policy) {
        case VOLATILE_TTL -> readExpire(t.slot(bucket, index));
        case ALLKEYS_LFU, VOLATILE_LFU ->
            LfuCounter.decayed(t.access(bucket, index), nowMinutes, eviction.lfuDecayTimeMinutes());
        default -> 0;
      };
      if (score < bestScore) {
        best = p;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * A random slot holding an entry (with a TTL if {@code volatileOnly}), as a {@link LruDescriptor} pointer, or NIL
   * when there is none: a random bucket of a table chosen in proportion to its entries, then the first bucket from
   * there with a matching entry, and a random matching entry in it.
   */
  private int randomSlot(boolean volatileOnly) {
    BucketTable first = table;
    if (oldTable != null && (table.count == 0 || nextRandom() % size() < oldTable.count)) {
      first = oldTable;
    }
    int p = randomSlotIn(first, volatileOnly);
    if (p == LruDescriptor.NIL && oldTable != null) {
      p = randomSlotIn(first == table ? oldTable : table, volatileOnly);
    }
    return p;
  }

  private int randomSlotIn(BucketTable t, boolean volatileOnly) {
    int bucket = (int) ((nextRandom() >>> 33) % t.buckets);
    for (int probes = 0; probes < t.buckets; probes++, bucket = t.next(bucket)) {
      long full = BucketDescriptor.fullMask(t.tagWord(bucket));
      if (volatileOnly) {
        for (long m = full; m != 0; m &= m - 1) {
          int index = Long.numberOfTrailingZeros(m) >>> 3;
          if (!hasTtl(t.slot(bucket, index))) {
            full &= ~(0x80L << (index << 3));
          }
        }
      }
      if (full == 0) {
        continue;
      }
      for (int skip = (int) ((nextRandom() >>> 33) % Long.bitCount(full)); skip > 0; skip--) {
        full &= full - 1;
      }
      return LruDescriptor.pointer(t.parity, bucket, Long.numberOfTrailingZeros(full) >>> 3);
    }
    return LruDescriptor.NIL;
  }

  /** Marks the entry at the found position as just used: front of the LRU list, access word updated. */
  private void touchFound() {
    if (maxmemoryBytes > 0) { // without a limit nothing is evicted: skip the 2 random slot writes of a reorder
      lru.moveToFront(foundTable, foundBucket, foundIndex);
    }
    long now = accessClock.getAsLong();
    int word;
    if (eviction.policy().lfu()) {
      int minutes = LfuCounter.minutes(now);
      int counter = LfuCounter.decayed(foundTable.access(foundBucket, foundIndex), minutes,
          eviction.lfuDecayTimeMinutes());
      word = LfuCounter.word(minutes, LfuCounter.increment(counter, nextDouble(), eviction.lfuLogFactor()));
    } else {
      word = AccessDescriptor.lruWord(now);
    }
    foundTable.setAccess(foundBucket, foundIndex, word);
  }

  /** Access word of a new entry: now, or under LFU policies now and {@link LfuCounter#INIT_VALUE}. */
  private int newAccessWord() {
    long now = accessClock.getAsLong();
    return eviction.policy().lfu()
        ? LfuCounter.word(LfuCounter.minutes(now), LfuCounter.INIT_VALUE)
        : AccessDescriptor.lruWord(now);
  }

  /** xorshift64 (Marsaglia), never 0; non-negative result. */
  private long nextRandom() {
    long x = randomState;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    randomState = x;
    return x >>> 1;
  }

  private double nextDouble() {
    return (nextRandom() >>> 10) * 0x1.0p-53;
  }

  /** Makes sure the current table can take one more entry, growing it if due and allowed. */
  private boolean ensureRoomForOne(long pendingBytes, boolean evict) {
    if (size() + 1 <= table.maxLoad) {
      return true;
    }
    if (oldTable != null) {
      while (oldTable != null) {
        migrateStep();
      }
      if (size() + 1 <= table.maxLoad) {
        return true;
      }
    }
    int buckets = grownBuckets(table.buckets);
    long growthBytes = pendingBytes + BucketTable.bytesFor(buckets);
    if (evict && maxmemoryBytes > 0 && table.bytes() + growthBytes <= maxmemoryBytes) {
      fits(growthBytes, true, LruDescriptor.NIL); // would fit in an empty keyspace: make room for it
    }
    boolean allowed = buckets > table.buckets
        && (maxmemoryBytes == 0 || usedMemoryBytes() + growthBytes <= maxmemoryBytes);
    BucketTable grown = allowed ? BucketTable.allocate(buckets, table.parity ^ 1) : null;
    if (grown != null) {
      oldTable = table;
      table = grown;
      lru.register(table);
      migrateCursor = 0;
    }
    if (grown == null && evict) {
      // No room to grow: keep the table at its load limit by evicting, rather than filling it up, where linear
      // probing degrades toward O(n) per insert (seen as ~2k SET/s with 1 shard at 64 MiB).
      while (size() + 1 > table.maxLoad && evictOne(LruDescriptor.NIL)) {
        // one eviction per insert in the steady state
      }
    }
    return size() + 1 <= table.slots;
  }

  private void migrateStep() {
    BucketTable from = oldTable;
    if (from == null) {
      return;
    }
    from.migrateBucket(migrateCursor, table, lru);
    if (++migrateCursor == from.buckets) {
      from.close();
      oldTable = null;
    }
  }

  private long find(MemorySegment key, long hash) {
    long ref = findIn(table, key, hash);
    if (ref == NOT_FOUND && oldTable != null) {
      ref = findIn(oldTable, key, hash);
    }
    return ref;
  }

  private long findIn(BucketTable t, MemorySegment key, long hash) {
    int tag = BucketDescriptor.tag(hash);
    int home = t.home(hash);
    int bucket = home;
    long keyLength = key.byteSize();
    for (int probes = t.buckets; probes > 0; probes--) {
      long tagWord = t.tagWord(bucket);
      for (long m = BucketDescriptor.match(tagWord, tag); m != 0; m &= m - 1) {
        int index = Long.numberOfTrailingZeros(m) >>> 3;
        long ref = t.slot(bucket, index);
        if (keyEquals(ref, key, keyLength)) {
          foundTable = t;
          foundHome = home;
          foundBucket = bucket;
          foundIndex = index;
          return ref;
        }
      }
      if (BucketDescriptor.overflow(tagWord) == 0) {
        return NOT_FOUND;
      }
      bucket = t.next(bucket);
    }
    return NOT_FOUND;
  }

  private boolean keyEquals(long ref, MemorySegment key, long keyLength) {
    if (isCompact(ref) && RefDescriptor.compactKeyLength(ref) != keyLength) {
      return false;
    }
    MemorySegment page = allocator.segment(ref);
    long base = allocator.offset(ref);
    if (!isCompact(ref) && page.get(LENGTH_LAYOUT, base + RecordDescriptor.KEY_LENGTH_OFFSET) != keyLength) {
      return false;
    }
    long keyAt = base + RecordDescriptor.keyStart(ref);
    return MemorySegment.mismatch(key, 0, keyLength, page, keyAt, keyAt + keyLength) == -1;
  }

  private void removeFound(long ref) {
    releaseValue(ref);
    lru.remove(foundTable, foundBucket, foundIndex);
    foundTable.remove(foundHome, foundBucket, foundIndex);
    volatileCount -= hasTtl(ref) ? 1 : 0;
    allocator.free(ref);
  }

  private void releaseValue(long ref) {
    if (releaser != null && RefDescriptor.type(ref) != TYPE_STRING) {
      releaser.release(this, ref);
    }
  }

  private void removeAt(BucketTable t, int bucket, int index, long ref) {
    releaseValue(ref);
    lru.remove(t, bucket, index);
    t.remove(t.home(t.storedHash(bucket, index)), bucket, index);
    volatileCount -= hasTtl(ref) ? 1 : 0;
    allocator.free(ref);
  }

  private int expireBucket(BucketTable t, int bucket, long now) {
    int deleted = 0;
    for (long m = BucketDescriptor.fullMask(t.tagWord(bucket)); m != 0; m &= m - 1) {
      int index = Long.numberOfTrailingZeros(m) >>> 3;
      long ref = t.slot(bucket, index);
      if (hasTtl(ref) && readExpire(ref) <= now) {
        removeAt(t, bucket, index, ref);
        deleted++;
      }
    }
    return deleted;
  }

  private void scanTable(BucketTable t, long from, long to, long now, ScanVisitor visitor) {
    int bucket = t.homeOfPosition(from);
    int last = t.homeOfPosition(to - 1);
    boolean pastLast = false;
    for (int steps = 0; steps < t.buckets; steps++) {
      long tagWord = t.tagWord(bucket);
      for (long m = BucketDescriptor.fullMask(tagWord); m != 0; m &= m - 1) {
        int index = Long.numberOfTrailingZeros(m) >>> 3;
        long position = t.storedHash(bucket, index) >>> 32;
        if (position < from || position >= to) {
          continue;
        }
        long ref = t.slot(bucket, index);
        if (!hasTtl(ref) || readExpire(ref) > now) {
          visitor.visit(allocator.segment(ref), allocator.offset(ref) + RecordDescriptor.keyStart(ref),
              readKeyLength(ref), ref);
        }
      }
      pastLast |= bucket == last;
      if (pastLast && BucketDescriptor.overflow(tagWord) == 0) {
        return;
      }
      bucket = t.next(bucket);
    }
  }

  private int readKeyLength(long ref) {
    if (isCompact(ref)) {
      return RefDescriptor.compactKeyLength(ref);
    }
    return allocator.segment(ref).get(LENGTH_LAYOUT, allocator.offset(ref) + RecordDescriptor.KEY_LENGTH_OFFSET);
  }

  private long readExpire(long ref) {
    return allocator.segment(ref).get(EXPIRE_LAYOUT, allocator.offset(ref) + RecordDescriptor.expireStart(ref));
  }

  /** Turns use after close or from a foreign thread into a clear error instead of an FFM exception. */
  private void checkUsable() {
    if (closed || Thread.currentThread() != owner) {
      throw new IllegalStateException("Keyspace used after close or off its shard thread: closed=" + closed
          + ", owner=" + owner.getName() + ", caller=" + Thread.currentThread().getName());
    }
  }

  private static long checkRef(long ref) {
    if (ref < 0) {
      throw new IllegalArgumentException("ref=" + ref);
    }
    return ref;
  }

  /**
   * Buckets of the table that replaces a full table of {@code buckets}: twice as many (Redis's dict doubles too). Each
   * growth moves every entry once, so over a run of inserts an entry is moved about once ({@code 1 / (factor - 1)}
   * times); at 1.5x it was twice, and the rehash was half of SET's keyspace time while keys accumulate. The price is
   * memory: the load runs from 7/16 to 7/8 instead of 7/12 to 7/8 (25 bytes of table per slot, see {@link
   * BucketTable#bytesFor}).
   */
  static int grownBuckets(int buckets) {
    return (int) Math.min(MAX_BUCKETS, Math.max((long) MIN_BUCKETS, 2L * buckets));
  }

  private static int bucketsFor(long capacity) {
    long buckets = Math.ceilDiv(capacity * 8, 7L * BucketDescriptor.SLOTS);
    return (int) Math.max(MIN_BUCKETS, Math.min(MAX_BUCKETS, buckets));
  }
}
