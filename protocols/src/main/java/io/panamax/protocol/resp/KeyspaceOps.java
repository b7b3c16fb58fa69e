package io.panamax.protocol.resp;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Small helpers shared by command families over a shard's {@link Keyspace}. */
final class KeyspaceOps {
    /** Value type of plain strings in the keyspace. */
    static final int TYPE_STRING = Keyspace.TYPE_STRING;
    /** Value type of hashes ({@link io.panamax.engine.collection.FieldMap} values). */
    static final int TYPE_HASH = 1;
    /** Value type of lists ({@link io.panamax.engine.collection.QuickList} values). */
    static final int TYPE_LIST = 2;
    /** Value type of sets ({@link io.panamax.engine.collection.FieldMap} values with empty values). */
    static final int TYPE_SET = 3;
    /** Value type of sorted sets ({@link io.panamax.engine.collection.SortedSet} values). */
    static final int TYPE_ZSET = 4;
    /** lookupTyped status: the key holds another type; WRONGTYPE was replied. */
    static final long WRONG = -3;

    private KeyspaceOps() {}

    /**
     * Looks up argument {@code keyIndex} expecting {@code type}: the ref, {@link Keyspace#NOT_FOUND}, or {@link
     * #WRONG} after replying WRONGTYPE. Counts the hit or miss.
     */
    static long lookupTyped(Shard s, RespCommand c, int keyIndex, int type, Reply r) {
        Keyspace ks = s.keyspace();
        long ref = ks.lookup(c.segment(keyIndex));
        if (ref >= 0 && ks.type(ref) != type) {
            r.raw(RespErrors.WRONGTYPE);
            return WRONG;
        }
        s.countLookup(ref >= 0);
        return ref;
    }

    /** OBJECT ENCODING of the value at {@code ref}. */
    static String encoding(Keyspace ks, long ref) {
        int type = ks.type(ref);
        if (type == TYPE_STRING) {
            return StringCommands.encoding(ks, ref);
        }
        if (type == TYPE_SET) {
            return SetCommands.encoding(ks, ref);
        }
        if (type == TYPE_LIST) {
            return io.panamax.engine.collection.QuickList.encoding();
        }
        if (type == TYPE_ZSET) {
            return io.panamax.engine.collection.SortedSet.encoding(ks, ref);
        }
        return type == TYPE_HASH ? io.panamax.engine.collection.FieldMap.encoding(ks, ref) : "unknown";
    }

    /** Stores argument {@code valueIndex} under argument {@code keyIndex}; the ref, or {@link Keyspace#OOM}. */
    static long putArg(Keyspace ks, RespCommand c, int keyIndex, int valueIndex, long expireAtMs, int mode) {
        int len = c.length(valueIndex);
        long ref = ks.put(c.segment(keyIndex), TYPE_STRING, len, expireAtMs, mode);
        if (ref >= 0 && len > 0) {
            MemorySegment.copy(c.segment(valueIndex), 0, ks.segment(ref), ks.valueOffset(ref), len);
        }
        return ref;
    }

    /** Stores {@code value} under {@code key}; the ref, or {@link Keyspace#OOM}. */
    static long putBytes(Keyspace ks, MemorySegment key, byte[] value, long expireAtMs, int mode) {
        long ref = ks.put(key, TYPE_STRING, value.length, expireAtMs, mode);
        if (ref >= 0 && value.length > 0) {
            MemorySegment.copy(value, 0, ks.segment(ref), ValueLayout.JAVA_BYTE, ks.valueOffset(ref), value.length);
        }
        return ref;
    }

    /** A copy of the value of {@code ref}. */
    static byte[] valueBytes(Keyspace ks, long ref) {
        byte[] out = new byte[ks.valueLength(ref)];
        MemorySegment.copy(ks.segment(ref), ValueLayout.JAVA_BYTE, ks.valueOffset(ref), out, 0, out.length);
        return out;
    }

    /** A copy of the key of {@code ref}. */
    static byte[] keyBytes(Keyspace ks, long ref) {
        byte[] out = new byte[ks.keyLength(ref)];
        MemorySegment.copy(ks.segment(ref), ValueLayout.JAVA_BYTE, ks.keyOffset(ref), out, 0, out.length);
        return out;
    }

    /** Redis TYPE name of a keyspace value type. */
    static String typeName(int type) {
        return switch (type) {
            case TYPE_STRING -> "string";
            case 1 -> "hash";
            case 2 -> "list";
            case 3 -> "set";
            case 4 -> "zset";
            default -> "none";
        };
    }
}
