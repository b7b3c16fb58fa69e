package io.panamax.engine.keyspace;

import static io.panamax.engine.keyspace.LruDescriptor.NIL;

/**
 * The exact LRU order of one keyspace's entries (layout in {@link LruDescriptor}): head is the most recently used,
 * tail the least. Knows slots, not keys; the {@link Keyspace} calls it whenever an entry is inserted, touched,
 * removed or migrated. Not thread-safe, no heap allocation.
 */
final class LruList {
  private final BucketTable[] byParity = new BucketTable[2];
  private int head = NIL;
  private int tail = NIL;

  /** Makes {@code t} the table its parity names. */
  void register(BucketTable t) {
    byParity[t.parity] = t;
  }

  /** Empties the list (the tables were cleared). */
  void reset() {
    head = NIL;
    tail = NIL;
  }

  /** The least recently used slot, or {@link LruDescriptor#NIL}. */
  int tail() {
    return tail;
  }

  /** The most recently used slot, or {@link LruDescriptor#NIL}. */
  int head() {
    return head;
  }

  /** Next slot toward the least recently used end. */
  int next(int pointer) {
    return table(pointer).lruNext(LruDescriptor.bucket(pointer), LruDescriptor.index(pointer));
  }

  /** Next slot toward the most recently used end. */
  int prev(int pointer) {
    return table(pointer).lruPrev(LruDescriptor.bucket(pointer), LruDescriptor.index(pointer));
  }

  BucketTable table(int pointer) {
    return byParity[LruDescriptor.parity(pointer)];
  }

  /** Links a new entry at the head. */
  void addFirst(BucketTable t, int bucket, int index) {
    int p = LruDescriptor.pointer(t.parity, bucket, index);
    t.setLru(bucket, index, NIL, head);
    if (head == NIL) {
      tail = p;
    } else {
      setPrev(head, p);
    }
    head = p;
  }

  /** Unlinks an entry that is being removed. */
  void remove(BucketTable t, int bucket, int index) {
    int prev = t.lruPrev(bucket, index);
    int next = t.lruNext(bucket, index);
    if (prev == NIL) {
      head = next;
    } else {
      setNext(prev, next);
    }
    if (next == NIL) {
      tail = prev;
    } else {
      setPrev(next, prev);
    }
  }

  /** Marks an entry as just used. */
  void moveToFront(BucketTable t, int bucket, int index) {
    if (head != LruDescriptor.pointer(t.parity, bucket, index)) {
      remove(t, bucket, index);
      addFirst(t, bucket, index);
    }
  }

  /** Moves the node of an entry migrated from {@code (from, fromBucket, fromIndex)} to {@code (to, ...)}. */
  void relocate(BucketTable from, int fromBucket, int fromIndex, BucketTable to, int toBucket, int toIndex) {
    int prev = from.lruPrev(fromBucket, fromIndex);
    int next = from.lruNext(fromBucket, fromIndex);
    int p = LruDescriptor.pointer(to.parity, toBucket, toIndex);
    to.setLru(toBucket, toIndex, prev, next);
    if (prev == NIL) {
      head = p;
    } else {
      setNext(prev, p);
    }
    if (next == NIL) {
      tail = p;
    } else {
      setPrev(next, p);
    }
  }

  private void setPrev(int pointer, int value) {
    table(pointer).setLruPrev(LruDescriptor.bucket(pointer), LruDescriptor.index(pointer), value);
  }

  private void setNext(int pointer, int value) {
    table(pointer).setLruNext(LruDescriptor.bucket(pointer), LruDescriptor.index(pointer), value);
  }
}
