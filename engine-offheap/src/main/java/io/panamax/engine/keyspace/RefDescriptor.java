package io.panamax.engine.keyspace;

import io.panamax.engine.memory.SlabDescriptor;

/**
 * Bits of a ref: the 8-byte word a bucket slot stores for an entry, which is also the {@code long} the {@link
 * Keyspace} API hands out. The low 48 bits are the {@link SlabDescriptor slab handle} of the record; the top 16 bits
 * carry what TYPE, WRONGTYPE checks and TTL-less lookups need without touching the record, and, for compact records,
 * the key length and the chunk slack that replace the record header (see {@link RecordDescriptor}).
 *
 * <pre>
 *   63 62    59 58 57 56       51 50   48 47                                          0
 *  +--+--------+--+--+-----------+-------+---------------------------------------------+
 *  |0 |  type  |T |C | keyLength | slack |       slab handle (page index, offset)      |
 *  +--+--------+--+--+-----------+-------+---------------------------------------------+
 *   |     |     |  |      |          +-- C=1: unused chunk bytes after the value (0..7)
 *   |     |     |  |      +------------- C=1: key length (0..63)
 *   |     |     |  +-------------------- C: compact record (no 8-byte length header)
 *   |     |     +----------------------- T: record holds an 8-byte expireAtMs
 *   |     +----------------------------- value type, 0 = string (4 bits)
 *   +----------------------------------- always 0, so refs are >= 0
 * </pre>
 */
public final class RefDescriptor {
  /** Shift of the 4-bit value type. */
  public static final int TYPE_SHIFT = 59;
  /** Mask of the value type after shifting. */
  public static final int TYPE_MASK = 0xF;
  /** Largest value type. */
  public static final int MAX_TYPE = TYPE_MASK;
  /** Bit set when the record holds an expireAtMs. */
  public static final long TTL_BIT = 1L << 58;
  /** Bit set when the record is compact (lengths in the ref, no header). */
  public static final long COMPACT_BIT = 1L << 57;
  /** Shift of the compact key length. */
  public static final int KEY_LENGTH_SHIFT = 51;
  /** Mask of the compact key length after shifting. */
  public static final int KEY_LENGTH_MASK = 0x3F;
  /** Shift of the compact slack. */
  public static final int SLACK_SHIFT = 48;
  /** Mask of the compact slack after shifting. */
  public static final int SLACK_MASK = 0x7;
  /** Mask of the slab handle. */
  public static final long HANDLE_MASK = SlabDescriptor.HANDLE_MASK;

  private RefDescriptor() {}

  /** Value type of {@code ref}. */
  public static int type(long ref) {
    return (int) (ref >>> TYPE_SHIFT) & TYPE_MASK;
  }

  /** Whether the record of {@code ref} holds an expireAtMs. */
  public static boolean hasTtl(long ref) {
    return (ref & TTL_BIT) != 0;
  }

  /** Whether the record of {@code ref} is compact. */
  public static boolean isCompact(long ref) {
    return (ref & COMPACT_BIT) != 0;
  }

  /** Compact key length stored in {@code ref} (meaningful only when compact). */
  public static int compactKeyLength(long ref) {
    return (int) (ref >>> KEY_LENGTH_SHIFT) & KEY_LENGTH_MASK;
  }

  /** Compact slack stored in {@code ref} (meaningful only when compact). */
  public static int compactSlack(long ref) {
    return (int) (ref >>> SLACK_SHIFT) & SLACK_MASK;
  }

  /** Builds a ref for a full (headered) record. */
  public static long full(long handle, int type, boolean ttl) {
    return (handle & HANDLE_MASK) | ((long) type << TYPE_SHIFT) | (ttl ? TTL_BIT : 0);
  }

  /** Builds a ref for a compact record. */
  public static long compact(long handle, int type, boolean ttl, int keyLength, int slack) {
    return full(handle, type, ttl)
        | COMPACT_BIT
        | ((long) keyLength << KEY_LENGTH_SHIFT)
        | ((long) slack << SLACK_SHIFT);
  }
}
