package io.panamax.engine.lsm;

import static io.panamax.engine.lsm.MemtableDescriptor.HASH_NEXT_OFFSET;
import static io.panamax.engine.lsm.MemtableDescriptor.HEIGHT_OFFSET;
import static io.panamax.engine.lsm.MemtableDescriptor.KEY_LENGTH_OFFSET;
import static io.panamax.engine.lsm.MemtableDescriptor.MAX_HEIGHT;
import static io.panamax.engine.lsm.MemtableDescriptor.NEXT_OFFSET;
import static io.panamax.engine.lsm.MemtableDescriptor.SEQUENCE_OFFSET;
import static io.panamax.engine.lsm.MemtableDescriptor.TOMBSTONE;
import static io.panamax.engine.lsm.MemtableDescriptor.VALUE_LENGTH_OFFSET;

import io.panamax.engine.memory.AnonymousMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Off-heap skiplist ordered by (key ascending, sequence descending), bump-allocated in one segment of a shared
 * {@link Arena}. One writer at a time (the store's group-commit leader) and any number of lock-free readers: a node is
 * fully written before it is linked, and each link is a release store paired with the acquire load in {@link #next}.
 * Readers filter by sequence number, so a write batch whose sequence numbers exceed the published one is invisible.
 * The arena is closed when the last reference (store, flush, open iterators) is released.
 *
 * <p><b>Hash index for point lookups.</b> A search down the skiplist visits about 30 nodes for 20,000 entries, each a
 * dependent cache miss (1.2-1.6 us per lookup measured here). Beside it, a chained hash table over the same nodes
 * ({@link MemtableDescriptor}: one 32-bit bucket array, the chain link in each node's header) holds the newest node of
 * every key, so {@link #find} costs a hash, a bucket and a short chain (one bucket per 128 bytes of capacity: about
 * one key per bucket when full of 100-byte values, a few with tiny ones); older versions of that key follow it on
 * skiplist level 0. A new version takes its predecessor's place in the chain (a release store of one link):
 * a reader still on the replaced node follows that node's link, which leads on to the same keys. Misses, the common
 * case for a read served by an SSTable, end at an empty bucket or a short chain instead of a full search. RocksDB's
 * hash-skiplist memtable and its memtable bloom filter serve the same point lookups.
 */
final class Memtable {
    /** Status of {@link #add}: the node does not fit, swap in a new memtable. */
    static final boolean FULL = false;

    private static final VarHandle LINK = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle CHAIN = ValueLayout.JAVA_INT.varHandle();
    /** Largest capacity whose node offsets fit the 32-bit chain links (offset / 8). */
    static final long MAX_CAPACITY_BYTES = 16L << 30;

    private final Arena arena;
    private final MemorySegment segment;
    /** Chain heads: 32-bit node offsets / 8, 0 = empty; {@code bucketMask + 1} of them. */
    private final MemorySegment buckets;
    private final int bucketMask;
    private final long walNumber;
    private final AtomicInteger refs = new AtomicInteger(1);
    private long top;
    private long entryCount;
    private volatile int height = 1;
    private long randomState = 0x2545F4914F6CDD1DL;
    private final long[] prev = new long[MAX_HEIGHT]; // writer-only scratch for add()

    /**
     * @param capacityBytes arena bytes for nodes
     * @param walNumber number of the WAL file whose records this memtable holds
     */
    Memtable(long capacityBytes, long walNumber) {
        if (capacityBytes <= 0 || capacityBytes > MAX_CAPACITY_BYTES) {
            throw new IllegalArgumentException("memtable capacityBytes=" + capacityBytes + " not in (0, "
                    + MAX_CAPACITY_BYTES + "]");
        }
        this.arena = Arena.ofShared();
        long head = MemtableDescriptor.nodeBytes(MAX_HEIGHT, 0, 0);
        this.segment = arena.allocate(capacityBytes + head, 8);
        int bucketCount = MemtableDescriptor.bucketCount(capacityBytes);
        long bucketBytes = 4L * bucketCount;
        // A 64 MiB memtable has 2 MiB of buckets: on a huge page, a lookup's random bucket costs no page walk.
        this.buckets = bucketBytes >= AnonymousMemory.HUGE_PAGE_BYTES && AnonymousMemory.available()
                ? AnonymousMemory.allocateZeroed(arena, bucketBytes, true)
                : arena.allocate(bucketBytes, 64);
        this.bucketMask = bucketCount - 1;
        this.walNumber = walNumber;
        segment.set(ValueLayout.JAVA_INT, HEIGHT_OFFSET, MAX_HEIGHT);
        this.top = head;
    }

    long walNumber() {
        return walNumber;
    }

    /** Arena bytes used by nodes. */
    long usedBytes() {
        return top;
    }

    /** Arena bytes still free. */
    long freeBytes() {
        return segment.byteSize() - top;
    }

    long entryCount() {
        return entryCount;
    }

    boolean isEmpty() {
        return entryCount == 0;
    }

    /** Worst-case arena bytes one entry may take (tallest tower). */
    static long maxNodeBytes(long keyLength, long valueLength) {
        return MemtableDescriptor.nodeBytes(MAX_HEIGHT, keyLength, valueLength);
    }

    /**
     * Inserts one version. Writer thread only.
     *
     * @param value the value, or {@code null} for a tombstone
     * @return true, or {@link #FULL} when the node does not fit (nothing was changed)
     */
    boolean add(long sequence, MemorySegment key, MemorySegment value) {
        int h = randomHeight();
        long valueLength = value == null ? TOMBSTONE : value.byteSize();
        long bytes = MemtableDescriptor.nodeBytes(h, key.byteSize(), valueLength);
        if (top + bytes > segment.byteSize()) {
            return FULL;
        }
        long node = top;
        top += bytes;
        segment.set(ValueLayout.JAVA_LONG, node + SEQUENCE_OFFSET, sequence);
        segment.set(ValueLayout.JAVA_INT, node + KEY_LENGTH_OFFSET, (int) key.byteSize());
        segment.set(ValueLayout.JAVA_INT, node + VALUE_LENGTH_OFFSET, (int) valueLength);
        segment.set(ValueLayout.JAVA_INT, node + HEIGHT_OFFSET, h);
        long keyOffset = node + NEXT_OFFSET + 8L * h;
        MemorySegment.copy(key, 0, segment, keyOffset, key.byteSize());
        if (value != null) {
            MemorySegment.copy(value, 0, segment, keyOffset + key.byteSize(), value.byteSize());
        }
        findGreaterOrEqual(key, sequence, prev);
        if (h > height) {
            for (int i = height; i < h; i++) {
                prev[i] = 0;
            }
            height = h;
        }
        for (int i = 0; i < h; i++) {
            segment.set(ValueLayout.JAVA_LONG, node + NEXT_OFFSET + 8L * i, next(prev[i], i));
            // Release: publishes the fully written node; pairs with the acquire load in next().
            LINK.setRelease(segment, prev[i] + NEXT_OFFSET + 8L * i, node);
        }
        chain(node, key);
        entryCount++;
        return true;
    }

    /**
     * Writer only, after {@code node} is linked into the skiplist: makes it the chain entry of its key, in place of
     * the key's previous version (which keeps its link, so a reader standing on it goes on along the chain) or, for a
     * new key, at the head of the bucket.
     */
    private void chain(long node, MemorySegment key) {
        long bucket = 4L * (hash(key) & bucketMask);
        long linkAt = -1; // offset in segment of the link that points to the current chain node; -1: the bucket
        int first = (int) CHAIN.getAcquire(buckets, bucket);
        int ref = first;
        while (ref != 0) {
            long x = (ref & 0xFFFF_FFFFL) << 3;
            if (equalKeys(x, key)) {
                segment.set(ValueLayout.JAVA_INT, node + HASH_NEXT_OFFSET,
                        segment.get(ValueLayout.JAVA_INT, x + HASH_NEXT_OFFSET));
                publishLink(linkAt, bucket, node);
                return;
            }
            linkAt = x + HASH_NEXT_OFFSET;
            ref = (int) CHAIN.getAcquire(segment, linkAt);
        }
        segment.set(ValueLayout.JAVA_INT, node + HASH_NEXT_OFFSET, first);
        publishLink(-1, bucket, node);
    }

    /** Release store of {@code node} into the link at {@code linkAt} of the arena, or into the bucket when -1. */
    private void publishLink(long linkAt, long bucket, long node) {
        int ref = (int) (node >>> 3);
        if (linkAt < 0) {
            CHAIN.setRelease(buckets, bucket, ref);
        } else {
            CHAIN.setRelease(segment, linkAt, ref);
        }
    }

    private boolean equalKeys(long node, MemorySegment key) {
        int length = keyLength(node);
        return length == key.byteSize()
                && MemorySegment.mismatch(segment, keyOffset(node), keyOffset(node) + length, key, 0, length) < 0;
    }

    /**
     * Newest version of {@code key} with sequence &lt;= {@code snapshot}.
     *
     * @return node offset, or -1 when the memtable holds no visible version (look in older sources)
     */
    long find(MemorySegment key, long snapshot) {
        return find(key, hash(key), snapshot);
    }

    /** The hash {@link #find(MemorySegment, long, long)} takes: computed once for a lookup through many memtables. */
    static long hash(MemorySegment key) {
        return Keys.hash64(key);
    }

    /** {@link #find(MemorySegment, long)} with {@code hash} = {@link #hash}{@code (key)}. */
    long find(MemorySegment key, long hash, long snapshot) {
        // A reader sees every entry its snapshot covers counted here: they were added before the store published
        // the snapshot's sequence number (a volatile write), which the reader read before calling.
        if (entryCount == 0) {
            return -1; // a fresh memtable: skip the bucket, a likely cache miss
        }
        int ref = (int) CHAIN.getAcquire(buckets, 4L * (hash & bucketMask));
        while (ref != 0) {
            long node = (ref & 0xFFFF_FFFFL) << 3;
            if (equalKeys(node, key)) {
                // The newest version; older ones of the same key follow on level 0, newest first.
                while (sequence(node) > snapshot) {
                    node = next(node, 0);
                    if (node == 0 || !equalKeys(node, key)) {
                        return -1;
                    }
                }
                return node;
            }
            ref = (int) CHAIN.getAcquire(segment, node + HASH_NEXT_OFFSET);
        }
        return -1;
    }

    boolean isTombstone(long node) {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, node + VALUE_LENGTH_OFFSET) == TOMBSTONE;
    }

    /** The key of {@code node}, as a slice of the arena segment. */
    MemorySegment key(long node) {
        return segment.asSlice(keyOffset(node), keyLength(node));
    }

    /** The value of {@code node} (empty for a tombstone), as a slice of the arena segment. */
    MemorySegment value(long node) {
        int length = segment.get(ValueLayout.JAVA_INT_UNALIGNED, node + VALUE_LENGTH_OFFSET);
        return segment.asSlice(keyOffset(node) + keyLength(node), Math.max(0, length));
    }

    long sequence(long node) {
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, node + SEQUENCE_OFFSET);
    }

    /** Cursor over the newest version per key visible at {@code snapshot}. */
    EntryIterator iterator(long snapshot) {
        return new MemtableIterator(this, snapshot);
    }

    /** Takes a reference; false when the arena is already closed. */
    boolean ref() {
        for (; ; ) {
            int r = refs.get();
            if (r == 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the arena. */
    void unref() {
        if (refs.decrementAndGet() == 0) {
            arena.close();
        }
    }

    long first() {
        return next(0, 0);
    }

    long next(long node, int level) {
        // Acquire: pairs with the release store that linked the successor in add().
        return (long) LINK.getAcquire(segment, node + NEXT_OFFSET + 8L * level);
    }

    /** First node at or after (key, sequence) in (key asc, sequence desc) order; fills {@code prev} when given. */
    long findGreaterOrEqual(MemorySegment key, long sequence, long[] prev) {
        long keyLength = key.byteSize();
        // Most steps are decided by the first 8 key bytes, compared as one unsigned big-endian long without a
        // mismatch call; a search key shorter than 8 bytes always takes the full compare.
        boolean prefixed = keyLength >= 8;
        long keyPrefix = prefixed ? key.get(Keys.LONG_BE_UNALIGNED, 0) : 0;
        long x = 0;
        int level = height - 1;
        for (; ; ) {
            long nx = next(x, level);
            if (nx != 0 && compareNode(nx, key, keyLength, prefixed, keyPrefix, sequence) < 0) {
                x = nx;
            } else {
                if (prev != null) {
                    prev[level] = x;
                }
                if (level == 0) {
                    return nx;
                }
                level--;
            }
        }
    }

    private int compareNode(long node, MemorySegment key, long keyLength, boolean prefixed, long keyPrefix,
            long sequence) {
        int nodeKeyLength = keyLength(node);
        long nodeKeyOffset = keyOffset(node);
        if (prefixed && nodeKeyLength >= 8) {
            long p = segment.get(Keys.LONG_BE_UNALIGNED, nodeKeyOffset);
            if (p != keyPrefix) {
                return Long.compareUnsigned(p, keyPrefix);
            }
        }
        int c = Keys.compare(segment, nodeKeyOffset, nodeKeyLength, key, 0, keyLength);
        if (c != 0) {
            return c;
        }
        return Long.compare(sequence, sequence(node));
    }

    boolean sameKey(long a, long b) {
        return Keys.compare(segment, keyOffset(a), keyLength(a), segment, keyOffset(b), keyLength(b)) == 0;
    }

    MemorySegment segment() {
        return segment;
    }

    long keyOffset(long node) {
        return node + NEXT_OFFSET + 8L * segment.get(ValueLayout.JAVA_INT_UNALIGNED, node + HEIGHT_OFFSET);
    }

    int keyLength(long node) {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, node + KEY_LENGTH_OFFSET);
    }

    private int randomHeight() {
        long x = randomState;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        randomState = x;
        int h = 1;
        while (h < MAX_HEIGHT && (x & 3) == 0) {
            h++;
            x >>>= 2;
        }
        return h;
    }
}
