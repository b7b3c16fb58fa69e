package io.panamax.engine.collection;

import static io.panamax.engine.collection.SortedSetDescriptor.HEAD_OFFSET;
import static io.panamax.engine.collection.SortedSetDescriptor.LENGTH_OFFSET;
import static io.panamax.engine.collection.SortedSetDescriptor.LEVEL_BYTES;
import static io.panamax.engine.collection.SortedSetDescriptor.LEVEL_OFFSET;
import static io.panamax.engine.collection.SortedSetDescriptor.MAX_LEVEL;
import static io.panamax.engine.collection.SortedSetDescriptor.NODE_BACKWARD_OFFSET;
import static io.panamax.engine.collection.SortedSetDescriptor.NODE_LEVELS_OFFSET;
import static io.panamax.engine.collection.SortedSetDescriptor.NODE_SCORE_OFFSET;
import static io.panamax.engine.collection.SortedSetDescriptor.PACKED;
import static io.panamax.engine.collection.SortedSetDescriptor.PACKED_ENTRY_HEADER_BYTES;
import static io.panamax.engine.collection.SortedSetDescriptor.PACKED_HEADER_BYTES;
import static io.panamax.engine.collection.SortedSetDescriptor.TAIL_OFFSET;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Operations on a sorted set value ({@link SortedSetDescriptor}) under a key of a {@link Keyspace}, ordered by (score,
 * member bytes unsigned) as Redis orders them. Ranks are 0-based from the lowest score. Range queries reduce to rank
 * arithmetic: {@link #countBelow} gives the rank where a score bound starts, {@link #range} walks from a rank.
 * Callers check the key's type and reject NaN scores. A set that becomes empty is deleted. Not thread-safe.
 */
public final class SortedSet {
  /** put status: a new member was added. */
  public static final int ADDED = 1;
  /** put status: an existing member's score changed. */
  public static final int UPDATED = 0;
  /** put status: an existing member already had that score. */
  public static final int UNCHANGED = 2;
  /** put status: out of memory; nothing changed. */
  public static final int OOM = -2;
  /** {@link #add} status: NX, XX, GT or LT left the element as it was (or absent). */
  public static final int SKIPPED = 3;
  /** {@link #add} status: INCR made the score NaN ({@code +inf} plus {@code -inf}); nothing changed. */
  public static final int NAN_SCORE = -3;

  /** {@link #add} flag: only add new elements (ZADD NX). */
  public static final int NX = 1;
  /** {@link #add} flag: only update existing elements (ZADD XX). */
  public static final int XX = 2;
  /** {@link #add} flag: update only when the new score is greater (ZADD GT). */
  public static final int GT = 4;
  /** {@link #add} flag: update only when the new score is less (ZADD LT). */
  public static final int LT = 8;
  /** {@link #add} flag: the score is an increment of the current one, 0 when absent (ZADD INCR, ZINCRBY). */
  public static final int INCR = 16;

  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

  private SortedSet() {}

  /** Visitor of elements in order; the member view is valid during the call only. Return false to stop. */
  @FunctionalInterface
  public interface ElementVisitor {
    boolean visit(MemorySegment segment, long memberOffset, int memberLength, double score);
  }

  /** Members of the set at {@code ref}. */
  public static long count(Keyspace ks, long ref) {
    return isPacked(ks, ref)
        ? ks.segment(ref).get(U32, ks.valueOffset(ref) + FieldMapDescriptor.COUNT_OFFSET)
        : ks.segment(ref).get(U64, ks.valueOffset(ref) + LENGTH_OFFSET);
  }

  /** OBJECT ENCODING name: {@code listpack} or {@code skiplist}. */
  public static String encoding(Keyspace ks, long ref) {
    return isPacked(ks, ref) ? "listpack" : "skiplist";
  }

  /** The score of {@code member}, or NaN when absent. */
  public static double score(Keyspace ks, long ref, MemorySegment member) {
    if (isPacked(ks, ref)) {
      long at = packedFind(ks, ref, member);
      return at < 0 ? Double.NaN : ks.segment(ref).get(F64, at);
    }
    long node = FieldMap.tableFind(ks, ref, member);
    return node < 0 ? Double.NaN : nodeScore(ks, node);
  }

  /**
   * Sets the score of {@code member}, creating the key (type {@code type}) when missing.
   *
   * @return {@link #ADDED}, {@link #UPDATED}, {@link #UNCHANGED} or {@link #OOM}.
   */
  public static int put(Keyspace ks, MemorySegment key, int type, MemorySegment member, double score) {
    return add(ks, key, type, member, score, 0, null);
  }

  /**
   * Adds or updates one element under the flags of ZADD, as Redis's {@code zsetAdd} does: one lookup of the key and
   * one of the member. {@code flags} combine {@link #NX}, {@link #XX}, {@link #GT}, {@link #LT} and {@link #INCR};
   * the caller rejects the combinations ZADD refuses (NX with XX, GT or LT; GT with LT) and NaN in {@code score}.
   *
   * @param scoreOut when not null, receives in {@code [0]} the element's score after the call when the status is
   *     {@link #ADDED}, {@link #UPDATED} or {@link #UNCHANGED}
   * @return {@link #ADDED}, {@link #UPDATED}, {@link #UNCHANGED}, {@link #SKIPPED}, {@link #NAN_SCORE} or {@link #OOM}
   *     (nothing changed on the last three: after {@link #OOM} the members, scores and TTL are as they were, though a
   *     set at the packed form's limit may have been converted to the skiplist form before the new member's node did
   *     not fit)
   */
  public static int add(Keyspace ks, MemorySegment key, int type, MemorySegment member, double score, int flags,
      double[] scoreOut) {
    long ref = ks.lookup(key);
    if (ref < 0) {
      if ((flags & XX) != 0) {
        return SKIPPED;
      }
      ref = member.byteSize() <= SortedSetDescriptor.MAX_PACKED_LENGTH
          ? createPacked(ks, key, type) : toSkiplist(ks, key, type, -1);
      if (ref < 0) {
        return OOM;
      }
      int status = isPacked(ks, ref) ? packedAdd(ks, key, type, ref, member, score) : skiplistAdd(ks, ref, member, score);
      if (status == OOM) {
        ks.delete(key);
        return OOM;
      }
      if (scoreOut != null) {
        scoreOut[0] = score;
      }
      return status;
    }
    boolean packed = isPacked(ks, ref);
    long found = packed ? packedFind(ks, ref, member) : FieldMap.tableFind(ks, ref, member);
    if (found < 0) {
      if ((flags & XX) != 0) {
        return SKIPPED;
      }
      int status = packed ? packedAdd(ks, key, type, ref, member, score) : skiplistAdd(ks, ref, member, score);
      if (status != OOM && scoreOut != null) {
        scoreOut[0] = score;
      }
      return status;
    }
    if ((flags & NX) != 0) {
      return SKIPPED;
    }
    double old = packed ? ks.segment(ref).get(F64, found) : nodeScore(ks, found);
    if ((flags & INCR) != 0) {
      score += old;
      if (Double.isNaN(score)) {
        return NAN_SCORE;
      }
    }
    if (((flags & LT) != 0 && score >= old) || ((flags & GT) != 0 && score <= old)) {
      return SKIPPED;
    }
    if (scoreOut != null) {
      scoreOut[0] = score;
    }
    if (old == score) {
      return UNCHANGED;
    }
    if (packed) {
      return packedUpdate(ks, ref, found, member, score);
    }
    skiplistUpdate(ks, ref, found, score);
    return UPDATED;
  }

  /** Removes {@code member}; deletes the key when emptied. Returns false when absent. */
  public static boolean remove(Keyspace ks, MemorySegment key, MemorySegment member) {
    long ref = ks.lookup(key);
    if (ref < 0) {
      return false;
    }
    if (isPacked(ks, ref)) {
      long at = packedFind(ks, ref, member);
      if (at < 0) {
        return false;
      }
      int count = (int) count(ks, ref);
      if (count == 1) {
        ks.delete(key);
        return true;
      }
      long rel = at - ks.valueOffset(ref);
      ref = FieldMap.resize(ks, key, ks.type(ref), ref, rel, PACKED_ENTRY_HEADER_BYTES + (int) member.byteSize(), 0);
      if (ref >= 0) {
        ks.segment(ref).set(U32, ks.valueOffset(ref) + FieldMapDescriptor.COUNT_OFFSET, count - 1);
      }
      return true;
    }
    long node = FieldMap.tableFind(ks, ref, member);
    if (node < 0) {
      return false;
    }
    skiplistDelete(ks, ref, node);
    FieldMap.tableRemove(ks, ref, member); // frees the entry chunk, which is the node
    if (count(ks, ref) == 0) {
      ks.delete(key);
    }
    return true;
  }

  /**
   * Removes up to {@code count} elements from the low end ({@code max}: the high end), visiting each just before it is
   * removed (ZPOPMIN / ZPOPMAX, as Redis's genericZpopCommand: take the end element, delete it); the member view is
   * valid during the visit only. Deletes the key when emptied. The visitor's return value is ignored.
   *
   * @return the number of elements removed
   */
  public static long pop(Keyspace ks, MemorySegment key, long count, boolean max, ElementVisitor visitor) {
    long popped = 0;
    for (; popped < count; popped++) {
      long ref = ks.lookup(key);
      if (ref < 0) {
        break;
      }
      if (isPacked(ks, ref)) {
        MemorySegment seg = ks.segment(ref);
        int n = (int) count(ks, ref);
        long at = ks.valueOffset(ref) + PACKED_HEADER_BYTES;
        for (int i = max ? n - 1 : 0; i > 0; i--) {
          at += PACKED_ENTRY_HEADER_BYTES + (seg.get(ValueLayout.JAVA_BYTE, at + 8) & 0xff);
        }
        int len = seg.get(ValueLayout.JAVA_BYTE, at + 8) & 0xff;
        visitor.visit(seg, at + PACKED_ENTRY_HEADER_BYTES, len, seg.get(F64, at));
        if (n == 1) {
          ks.delete(key);
          continue;
        }
        ref = FieldMap.resize(ks, key, ks.type(ref), ref, at - ks.valueOffset(ref), PACKED_ENTRY_HEADER_BYTES + len, 0);
        if (ref >= 0) {
          ks.segment(ref).set(U32, ks.valueOffset(ref) + FieldMapDescriptor.COUNT_OFFSET, n - 1);
        }
        continue;
      }
      long node = max ? ks.segment(ref).get(U64, ks.valueOffset(ref) + TAIL_OFFSET) - 1 : forward(ks, head(ks, ref), 0);
      if (node < 0) {
        break;
      }
      MemorySegment seg = ks.chunkSegment(node);
      long chunk = ks.chunkOffset(node);
      int len = seg.get(U32, chunk + FieldMapDescriptor.ENTRY_FIELD_LENGTH_OFFSET);
      MemorySegment member = seg.asSlice(chunk + FieldMapDescriptor.ENTRY_HEADER_BYTES, len);
      visitor.visit(seg, chunk + FieldMapDescriptor.ENTRY_HEADER_BYTES, len, nodeScore(ks, node));
      skiplistDelete(ks, ref, node);
      FieldMap.tableRemove(ks, ref, member); // reads the member, then frees the entry chunk, which is the node
      if (count(ks, ref) == 0) {
        ks.delete(key);
      }
    }
    return popped;
  }

  /** 0-based rank of {@code member} from the lowest score, or -1 when absent. O(log n) in the skiplist form. */
  public static long rank(Keyspace ks, long ref, MemorySegment member) {
    if (isPacked(ks, ref)) {
      long[] rank = {-1, 0};
      forEachPacked(ks, ref, (seg, at, len, score) -> {
        if (len == member.byteSize() && MemorySegment.mismatch(seg, at, at + len, member, 0, len) == -1) {
          rank[0] = rank[1];
          return false;
        }
        rank[1]++;
        return true;
      });
      return rank[0];
    }
    long node = FieldMap.tableFind(ks, ref, member);
    if (node < 0) {
      return -1;
    }
    long[][] scratch = SCRATCH.get();
    walkBelow(ks, head(ks, ref), level(ks, ref), node, scratch[0], scratch[1]);
    return scratch[1][0]; // the elements before the node
  }

  /**
   * Elements with a score below {@code score} ({@code inclusive}: at or below it): the rank where a range starting
   * above that bound begins. O(log n) in the skiplist form.
   */
  public static long countBelow(Keyspace ks, long ref, double score, boolean inclusive) {
    return countWhile(ks, ref, (seg, at, len, s) -> s < score || (inclusive && s == score));
  }

  /**
   * Elements whose member sorts below {@code bound} ({@code inclusive}: at or below it), comparing member bytes
   * unsigned only: the lex-range rank of ZRANGEBYLEX, meaningful when all scores are equal (as Redis requires).
   */
  public static long countBelowMember(Keyspace ks, long ref, MemorySegment bound, boolean inclusive) {
    return countWhile(ks, ref, (seg, at, len, s) -> {
      int c = compare(0, seg, at, len, 0, bound);
      return c < 0 || (inclusive && c == 0);
    });
  }

  /**
   * Visits up to {@code count} elements starting at rank {@code start} (0-based, within the set), in ascending order,
   * or with {@code reverse} in descending order starting at rank {@code start} counted from the highest score.
   */
  public static void range(Keyspace ks, long ref, long start, long count, boolean reverse, ElementVisitor visitor) {
    long n = count(ks, ref);
    if (isPacked(ks, ref)) {
      List<long[]> entries = new ArrayList<>();
      forEachPacked(ks, ref, (seg, at, len, score) -> entries.add(new long[] {at, len}));
      MemorySegment seg = ks.segment(ref);
      for (long k = 0; k < count && start + k < n; k++) {
        long[] e = entries.get((int) (reverse ? n - 1 - start - k : start + k));
        if (!visitor.visit(seg, e[0], (int) e[1], seg.get(F64, e[0] - PACKED_ENTRY_HEADER_BYTES))) {
          return;
        }
      }
      return;
    }
    long node = nodeByRank(ks, ref, reverse ? n - start : start + 1);
    for (long k = 0; k < count && node >= 0; k++) {
      MemorySegment seg = ks.chunkSegment(node);
      long at = ks.chunkOffset(node);
      int len = seg.get(U32, at + FieldMapDescriptor.ENTRY_FIELD_LENGTH_OFFSET);
      if (!visitor.visit(seg, at + FieldMapDescriptor.ENTRY_HEADER_BYTES, len, nodeScore(ks, node))) {
        return;
      }
      node = reverse ? backward(ks, node) : forward(ks, node, 0);
    }
  }

  /**
   * Elements sorting strictly below the pair ({@code score}, {@code member}) in (score, member bytes unsigned) order:
   * the rank of the first element at or above the pair (the seek of Build Your Own Redis's {@code zset_seekge}), equal
   * to {@link #count} when every element sorts below. O(log n) in the skiplist form.
   */
  public static long countBelowPair(Keyspace ks, long ref, double score, MemorySegment member) {
    return countWhile(ks, ref, (seg, at, len, s) -> compare(s, seg, at, len, score, member) < 0);
  }

  /**
   * Elements of the leading run for which {@code below} holds (a predicate monotone in the set's order: true for a
   * prefix, then false): the rank of the first element it rejects. O(log n) in the skiplist form.
   */
  private static long countWhile(Keyspace ks, long ref, ElementVisitor below) {
    if (isPacked(ks, ref)) {
      long[] n = {0};
      forEachPacked(ks, ref, (seg, at, len, s) -> {
        if (below.visit(seg, at, len, s)) {
          n[0]++;
          return true;
        }
        return false;
      });
      return n[0];
    }
    long x = head(ks, ref);
    long traversed = 0;
    for (int i = level(ks, ref) - 1; i >= 0; i--) {
      for (long next = forward(ks, x, i); next >= 0; next = forward(ks, x, i)) {
        MemorySegment seg = ks.chunkSegment(next);
        long at = ks.chunkOffset(next);
        int len = seg.get(U32, at + FieldMapDescriptor.ENTRY_FIELD_LENGTH_OFFSET);
        if (!below.visit(seg, at + FieldMapDescriptor.ENTRY_HEADER_BYTES, len, nodeScore(ks, next))) {
          break;
        }
        traversed += span(ks, x, i);
        x = next;
      }
    }
    return traversed;
  }

  /**
   * One step of a ZSCAN over the set at {@code ref}: start with cursor 0, pass back the returned cursor, stop at 0.
   * The packed form is visited whole in one call with cursor 0 returned (as Redis does for a listpack); the skiplist
   * form walks its member table with {@link FieldMap#scan}, whose reverse-binary cursor visits every member present
   * for the whole scan at least once across table growth. The visitor's return value is ignored.
   *
   * @param count about how many table slots to cover ({@code >= 1})
   * @return the next cursor, 0 when done
   */
  public static long scan(Keyspace ks, long ref, long cursor, long count, ElementVisitor visitor) {
    if (isPacked(ks, ref)) {
      forEachPacked(ks, ref, (seg, at, len, score) -> {
        visitor.visit(seg, at, len, score);
        return true;
      });
      return 0;
    }
    return FieldMap.scan(ks, ref, cursor, count, e -> {
      visitor.visit(e.segment, e.fieldOffset, e.fieldLength, e.segment.get(F64, e.valueOffset + NODE_SCORE_OFFSET));
    });
  }

  /** Frees the skiplist nodes and the field map of the set at {@code ref}; the {@link Keyspace.ValueReleaser}. */
  public static void release(Keyspace ks, long ref) {
    if (isPacked(ks, ref)) {
      return;
    }
    ks.freeChunk(head(ks, ref)); // the member nodes are the field map's entries, freed with it
    FieldMap.release(ks, ref);
  }

  // ----------------------------------------------------------------------------------------------------------------- packed

  private static boolean isPacked(Keyspace ks, long ref) {
    return ks.segment(ref).get(ValueLayout.JAVA_BYTE, ks.valueOffset(ref)) == PACKED;
  }

  private static long createPacked(Keyspace ks, MemorySegment key, int type) {
    long ref = ks.put(key, type, PACKED_HEADER_BYTES, 0, 0);
    if (ref >= 0) {
      ks.segment(ref).asSlice(ks.valueOffset(ref), PACKED_HEADER_BYTES).fill((byte) 0);
      ks.segment(ref).set(ValueLayout.JAVA_BYTE, ks.valueOffset(ref), PACKED);
    }
    return ref;
  }

  /** Visits packed entries: segment, member offset, member length, score. */
  private static void forEachPacked(Keyspace ks, long ref, ElementVisitor visitor) {
    MemorySegment seg = ks.segment(ref);
    long at = ks.valueOffset(ref) + PACKED_HEADER_BYTES;
    for (int i = seg.get(U32, ks.valueOffset(ref) + FieldMapDescriptor.COUNT_OFFSET); i > 0; i--) {
      int len = seg.get(ValueLayout.JAVA_BYTE, at + 8) & 0xff;
      if (!visitor.visit(seg, at + PACKED_ENTRY_HEADER_BYTES, len, seg.get(F64, at))) {
        return;
      }
      at += PACKED_ENTRY_HEADER_BYTES + len;
    }
  }

  /** Absolute offset of the packed entry of {@code member} (its score), or -1. */
  private static long packedFind(Keyspace ks, long ref, MemorySegment member) {
    long[] found = {-1};
    forEachPacked(ks, ref, (seg, at, len, score) -> {
      if (len == member.byteSize() && MemorySegment.mismatch(seg, at, at + len, member, 0, len) == -1) {
        found[0] = at - PACKED_ENTRY_HEADER_BYTES;
        return false;
      }
      return true;
    });
    return found[0];
  }

  /**
   * Moves the packed entry at {@code at} (member {@code member}) to its place for {@code score}, in place: the entry
   * keeps its size, so the entries between its old and new place shift by its length and nothing is allocated (an
   * update never fails for want of memory, and never loses the member).
   */
  private static int packedUpdate(Keyspace ks, long ref, long at, MemorySegment member, double score) {
    MemorySegment seg = ks.segment(ref);
    int bytes = PACKED_ENTRY_HEADER_BYTES + (int) member.byteSize();
    long[] target = {ks.valueOffset(ref) + ks.valueLength(ref)}; // the first other entry after (score, member)
    forEachPacked(ks, ref, (s, m, len, sc) -> {
      long entry = m - PACKED_ENTRY_HEADER_BYTES;
      if (entry != at && compare(sc, s, m, len, score, member) > 0) {
        target[0] = entry;
        return false;
      }
      return true;
    });
    long to = target[0];
    if (to > at) { // moving towards the end: the entries in between shift left over the old place
      MemorySegment.copy(seg, at + bytes, seg, at, to - at - bytes);
      to -= bytes;
    } else { // moving towards the start: the entries in between shift right over the old place
      MemorySegment.copy(seg, to, seg, to + bytes, at - to);
    }
    seg.set(F64, to, score);
    seg.set(ValueLayout.JAVA_BYTE, to + 8, (byte) member.byteSize());
    MemorySegment.copy(member, 0, seg, to + PACKED_ENTRY_HEADER_BYTES, member.byteSize());
    return UPDATED;
  }

  /** Adds a member known to be absent, converting to the skiplist form past the packed limits. */
  private static int packedAdd(Keyspace ks, MemorySegment key, int type, long ref, MemorySegment member, double score) {
    int count = (int) count(ks, ref);
    if (count + 1 > SortedSetDescriptor.MAX_PACKED_ENTRIES || member.byteSize() > SortedSetDescriptor.MAX_PACKED_LENGTH) {
      ref = toSkiplist(ks, key, type, ref);
      return ref < 0 ? OOM : skiplistAdd(ks, ref, member, score);
    }
    return packedInsert(ks, key, type, ref, member, score);
  }

  private static int packedInsert(Keyspace ks, MemorySegment key, int type, long ref, MemorySegment member, double score) {
    long base = ks.valueOffset(ref);
    long[] position = {ks.valueLength(ref)};
    forEachPacked(ks, ref, (seg, at, len, s) -> {
      if (compare(s, seg, at, len, score, member) > 0) {
        position[0] = at - PACKED_ENTRY_HEADER_BYTES - base;
        return false;
      }
      return true;
    });
    int count = (int) count(ks, ref);
    int bytes = PACKED_ENTRY_HEADER_BYTES + (int) member.byteSize();
    ref = FieldMap.resize(ks, key, type, ref, position[0], 0, bytes);
    if (ref < 0) {
      return OOM;
    }
    MemorySegment seg = ks.segment(ref);
    long to = ks.valueOffset(ref) + position[0];
    seg.set(F64, to, score);
    seg.set(ValueLayout.JAVA_BYTE, to + 8, (byte) member.byteSize());
    MemorySegment.copy(member, 0, seg, to + PACKED_ENTRY_HEADER_BYTES, member.byteSize());
    seg.set(U32, ks.valueOffset(ref) + FieldMapDescriptor.COUNT_OFFSET, count + 1);
    return ADDED;
  }

  /**
   * Converts (or creates, {@code packedRef < 0}) the skiplist form; the new ref or {@link Keyspace#OOM}. On OOM the
   * packed form is put back as it was (its bytes and TTL), so a conversion that runs out of memory part-way loses
   * nothing.
   */
  private static long toSkiplist(Keyspace ks, MemorySegment key, int type, long packedRef) {
    List<byte[]> members = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    byte[] packedValue = null;
    long packedExpireAtMs = -1;
    if (packedRef >= 0) {
      packedValue = FieldMap.copy(ks.segment(packedRef), ks.valueOffset(packedRef), ks.valueLength(packedRef));
      packedExpireAtMs = ks.expireAtMs(packedRef);
      forEachPacked(ks, packedRef, (seg, at, len, score) -> {
        members.add(FieldMap.copy(seg, at, len));
        scores.add(score);
        return true;
      });
    }
    // The head is a node with an empty member: an entry-shaped chunk that is in no table.
    long headBytes = FieldMapDescriptor.ENTRY_HEADER_BYTES + nodeBytes(MAX_LEVEL);
    long head = ks.allocateChunk(headBytes);
    if (head < 0) {
      return Keyspace.OOM;
    }
    ks.chunkSegment(head).asSlice(ks.chunkOffset(head), headBytes).fill((byte) 0);
    ks.chunkSegment(head).set(U32, ks.chunkOffset(head) + FieldMapDescriptor.ENTRY_VALUE_LENGTH_OFFSET,
        nodeBytes(MAX_LEVEL));
    long ref = FieldMap.createTable(ks, key, type, SortedSetDescriptor.SKIPLIST_HEADER_BYTES);
    if (ref < 0) {
      ks.freeChunk(head);
      return Keyspace.OOM;
    }
    ks.segment(ref).set(U64, ks.valueOffset(ref) + HEAD_OFFSET, head);
    ks.segment(ref).set(U32, ks.valueOffset(ref) + LEVEL_OFFSET, 1);
    for (int i = 0; i < members.size(); i++) {
      if (skiplistAdd(ks, ref, MemorySegment.ofArray(members.get(i)), scores.get(i)) == OOM) {
        ks.delete(key); // frees everything built so far, then the packed form comes back
        if (packedValue != null) {
          restorePacked(ks, key, type, packedValue, packedExpireAtMs);
        }
        return Keyspace.OOM;
      }
    }
    return ref;
  }

  /**
   * Puts a packed value back under {@code key} after a failed conversion freed the partly built skiplist: that freed
   * at least the packed record's size class and the table's chunks, so this allocation finds room.
   *
   * @throws IllegalStateException if it does not (the member data would be lost: a bug, never an expected outcome)
   */
  private static void restorePacked(Keyspace ks, MemorySegment key, int type, byte[] value, long expireAtMs) {
    long ref = ks.put(key, type, value.length, Math.max(0, expireAtMs), 0);
    if (ref < 0) {
      throw new IllegalStateException("sorted set conversion ran out of memory and its packed form could not be "
          + "restored: keyLength=" + key.byteSize() + " valueLength=" + value.length);
    }
    MemorySegment.copy(value, 0, ks.segment(ref), ValueLayout.JAVA_BYTE, ks.valueOffset(ref), value.length);
  }

  // --------------------------------------------------------------------------------------------------------------- skiplist

  /** Scratch of one skiplist update (search path and ranks per level); shards are single-threaded, so per thread. */
  private static final ThreadLocal<long[][]> SCRATCH = ThreadLocal.withInitial(() -> new long[2][MAX_LEVEL]);
  /** Zeroed bytes copied into a new node (its value bytes in the member table). */
  private static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[nodeBytes(MAX_LEVEL)]);

  /** Bytes of a node with {@code level} levels (the entry's value bytes). */
  static int nodeBytes(int level) {
    return NODE_LEVELS_OFFSET + level * LEVEL_BYTES;
  }

  /** Gives the skiplist node {@code node} a new {@code score}, moving it only when its neighbours require. */
  private static void skiplistUpdate(Keyspace ks, long ref, long node, double score) {
    long back = backward(ks, node);
    long next = forward(ks, node, 0);
    if ((back < 0 || nodeScore(ks, back) < score) && (next < 0 || nodeScore(ks, next) > score)) {
      setScore(ks, node, score); // stays in place (Redis's zslUpdateScore shortcut)
    } else {
      skiplistDelete(ks, ref, node);
      setScore(ks, node, score);
      skiplistInsert(ks, ref, node);
    }
  }

  /** Adds a member known to be absent from the skiplist form. */
  private static int skiplistAdd(Keyspace ks, long ref, MemorySegment member, double score) {
    long node = FieldMap.tableInsert(ks, ref, member, ZEROS.asSlice(0, nodeBytes(randomLevel())));
    if (node < 0) {
      return OOM;
    }
    setScore(ks, node, score);
    skiplistInsert(ks, ref, node);
    return ADDED;
  }

  /** Links {@code node} (a formatted entry whose score is set) at its place in (score, member) order. */
  private static void skiplistInsert(Keyspace ks, long ref, long node) {
    long[][] scratch = SCRATCH.get();
    long[] update = scratch[0];
    long[] rank = scratch[1];
    long head = head(ks, ref);
    int level = level(ks, ref);
    walkBelow(ks, head, level, node, update, rank);
    int nodeLevel = nodeLevel(ks, node);
    long length = ks.segment(ref).get(U64, ks.valueOffset(ref) + LENGTH_OFFSET);
    if (nodeLevel > level) {
      for (int i = level; i < nodeLevel; i++) {
        rank[i] = 0;
        update[i] = head;
        setSpan(ks, head, i, length);
      }
      level = nodeLevel;
      ks.segment(ref).set(U32, ks.valueOffset(ref) + LEVEL_OFFSET, level);
    }
    for (int i = 0; i < nodeLevel; i++) {
      setForward(ks, node, i, forward(ks, update[i], i));
      setForward(ks, update[i], i, node);
      setSpan(ks, node, i, span(ks, update[i], i) - (rank[0] - rank[i]));
      setSpan(ks, update[i], i, rank[0] - rank[i] + 1);
    }
    for (int i = nodeLevel; i < level; i++) {
      setSpan(ks, update[i], i, span(ks, update[i], i) + 1);
    }
    setBackward(ks, node, update[0] == head ? -1 : update[0]);
    long next = forward(ks, node, 0);
    if (next >= 0) {
      setBackward(ks, next, node);
    } else {
      ks.segment(ref).set(U64, ks.valueOffset(ref) + TAIL_OFFSET, node + 1);
    }
    ks.segment(ref).set(U64, ks.valueOffset(ref) + LENGTH_OFFSET, length + 1);
  }

  /**
   * The search path of Redis's zslInsert and zslDelete: for each level below {@code level}, from the top, stores in
   * {@code update[i]} the last node sorting before {@code node} (the head when none), and in {@code rank[i]} (unless
   * null) the number of elements up to and including it. Each node on the path is resolved once (its segment and the
   * offset of its node fields): a step costs one read of the next node, which is one cache miss in a large set.
   */
  private static void walkBelow(Keyspace ks, long head, int level, long node, long[] update, long[] rank) {
    MemorySegment nodeSeg = ks.chunkSegment(node);
    long nodeChunk = ks.chunkOffset(node);
    int nodeMemberLength = nodeSeg.get(U32, nodeChunk + FieldMapDescriptor.ENTRY_FIELD_LENGTH_OFFSET);
    long nodeMember = nodeChunk + FieldMapDescriptor.ENTRY_HEADER_BYTES;
    double score = nodeSeg.get(F64, nodeMember + nodeMemberLength + NODE_SCORE_OFFSET);
    long x = head;
    MemorySegment xs = ks.chunkSegment(x);
    long xf = nodeAt(xs, x, ks);
    long traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      long link = NODE_LEVELS_OFFSET + (long) i * LEVEL_BYTES;
      for (long next = xs.get(U64, xf + link) - 1; next >= 0; next = xs.get(U64, xf + link) - 1) {
        MemorySegment ns = ks.chunkSegment(next);
        long nChunk = ks.chunkOffset(next);
        int nLength = ns.get(U32, nChunk + FieldMapDescriptor.ENTRY_FIELD_LENGTH_OFFSET);
        long nf = nChunk + FieldMapDescriptor.ENTRY_HEADER_BYTES + nLength;
        double nScore = ns.get(F64, nf + NODE_SCORE_OFFSET);
        if (nScore > score || (nScore == score && compareBytes(ns, nChunk + FieldMapDescriptor.ENTRY_HEADER_BYTES,
            nLength, nodeSeg, nodeMember, nodeMemberLength) >= 0)) {
          break;
        }
        if (rank != null) {
          traversed += Integer.toUnsignedLong(xs.get(U32, xf + link + 8));
        }
        x = next;
        xs = ns;
        xf = nf;
      }
      update[i] = x;
      if (rank != null) {
        rank[i] = traversed;
      }
    }
  }

  /** Unlinks {@code node} (kept allocated: the caller frees or relinks it). */
  private static void skiplistDelete(Keyspace ks, long ref, long node) {
    long[] update = SCRATCH.get()[0];
    int level = level(ks, ref);
    walkBelow(ks, head(ks, ref), level, node, update, null);
    for (int i = 0; i < level; i++) {
      if (forward(ks, update[i], i) == node) {
        setSpan(ks, update[i], i, span(ks, update[i], i) + span(ks, node, i) - 1);
        setForward(ks, update[i], i, forward(ks, node, i));
      } else {
        setSpan(ks, update[i], i, span(ks, update[i], i) - 1);
      }
    }
    long next = forward(ks, node, 0);
    long back = backward(ks, node);
    if (next >= 0) {
      setBackward(ks, next, back);
    } else {
      ks.segment(ref).set(U64, ks.valueOffset(ref) + TAIL_OFFSET, back + 1);
    }
    long h = head(ks, ref);
    while (level > 1 && forward(ks, h, level - 1) < 0) {
      level--;
    }
    ks.segment(ref).set(U32, ks.valueOffset(ref) + LEVEL_OFFSET, level);
    long lengthAt = ks.valueOffset(ref) + LENGTH_OFFSET;
    ks.segment(ref).set(U64, lengthAt, ks.segment(ref).get(U64, lengthAt) - 1);
  }

  /** The node at 1-based {@code rank}, or -1. */
  private static long nodeByRank(Keyspace ks, long ref, long rank) {
    long x = head(ks, ref);
    long traversed = 0;
    for (int i = level(ks, ref) - 1; i >= 0; i--) {
      for (long next = forward(ks, x, i); next >= 0 && traversed + span(ks, x, i) <= rank; next = forward(ks, x, i)) {
        traversed += span(ks, x, i);
        x = next;
      }
      if (traversed == rank) {
        return x;
      }
    }
    return -1;
  }

  private static int randomLevel() {
    int level = 1;
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    while (level < MAX_LEVEL && rnd.nextInt(4) == 0) {
      level++;
    }
    return level;
  }

  /** Compares (scoreA, memberA) with (scoreB, memberB) in Redis's order. */
  private static int compare(double scoreA, MemorySegment seg, long at, int len, double scoreB, MemorySegment memberB) {
    if (scoreA != scoreB) {
      return scoreA < scoreB ? -1 : 1;
    }
    return compareBytes(seg, at, len, memberB, 0, (int) memberB.byteSize());
  }

  /** Unsigned lexicographic comparison of two byte ranges, shorter first on a common prefix. */
  private static int compareBytes(MemorySegment a, long aAt, int aLen, MemorySegment b, long bAt, int bLen) {
    long i = MemorySegment.mismatch(a, aAt, aAt + aLen, b, bAt, bAt + bLen);
    if (i == -1) {
      return 0;
    }
    if (i == aLen) {
      return -1;
    }
    if (i == bLen) {
      return 1;
    }
    return Integer.compare(a.get(ValueLayout.JAVA_BYTE, aAt + i) & 0xff, b.get(ValueLayout.JAVA_BYTE, bAt + i) & 0xff);
  }

  /** Offset of the node fields of {@code node} in its chunk segment: after the entry header and the member. */
  private static long nodeAt(MemorySegment seg, long node, Keyspace ks) {
    long at = ks.chunkOffset(node);
    return at + FieldMapDescriptor.ENTRY_HEADER_BYTES + seg.get(U32, at + FieldMapDescriptor.ENTRY_FIELD_LENGTH_OFFSET);
  }

  private static double nodeScore(Keyspace ks, long node) {
    MemorySegment seg = ks.chunkSegment(node);
    return seg.get(F64, nodeAt(seg, node, ks) + NODE_SCORE_OFFSET);
  }

  private static void setScore(Keyspace ks, long node, double score) {
    MemorySegment seg = ks.chunkSegment(node);
    seg.set(F64, nodeAt(seg, node, ks) + NODE_SCORE_OFFSET, score);
  }

  /** Levels of {@code node}, from its value length (see {@link SortedSetDescriptor}). */
  private static int nodeLevel(Keyspace ks, long node) {
    int valueLength = ks.chunkSegment(node).get(U32, ks.chunkOffset(node) + FieldMapDescriptor.ENTRY_VALUE_LENGTH_OFFSET);
    return (valueLength - NODE_LEVELS_OFFSET) / LEVEL_BYTES;
  }

  private static long head(Keyspace ks, long ref) {
    return ks.segment(ref).get(U64, ks.valueOffset(ref) + HEAD_OFFSET);
  }

  private static int level(Keyspace ks, long ref) {
    return ks.segment(ref).get(U32, ks.valueOffset(ref) + LEVEL_OFFSET);
  }

  private static long forward(Keyspace ks, long node, int i) {
    MemorySegment seg = ks.chunkSegment(node);
    return seg.get(U64, nodeAt(seg, node, ks) + NODE_LEVELS_OFFSET + (long) i * LEVEL_BYTES) - 1;
  }

  private static void setForward(Keyspace ks, long node, int i, long target) {
    MemorySegment seg = ks.chunkSegment(node);
    seg.set(U64, nodeAt(seg, node, ks) + NODE_LEVELS_OFFSET + (long) i * LEVEL_BYTES, target + 1);
  }

  private static long span(Keyspace ks, long node, int i) {
    MemorySegment seg = ks.chunkSegment(node);
    return Integer.toUnsignedLong(seg.get(U32, nodeAt(seg, node, ks) + NODE_LEVELS_OFFSET + (long) i * LEVEL_BYTES + 8));
  }

  private static void setSpan(Keyspace ks, long node, int i, long span) {
    MemorySegment seg = ks.chunkSegment(node);
    seg.set(U32, nodeAt(seg, node, ks) + NODE_LEVELS_OFFSET + (long) i * LEVEL_BYTES + 8, (int) span);
  }

  private static long backward(Keyspace ks, long node) {
    MemorySegment seg = ks.chunkSegment(node);
    return seg.get(U64, nodeAt(seg, node, ks) + NODE_BACKWARD_OFFSET) - 1;
  }

  private static void setBackward(Keyspace ks, long node, long back) {
    MemorySegment seg = ks.chunkSegment(node);
    seg.set(U64, nodeAt(seg, node, ks) + NODE_BACKWARD_OFFSET, back + 1);
  }
}
