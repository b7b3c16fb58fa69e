package io.panamax.protocol.resp;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Small helpers shared by command families over a shard's {@link Keyspace}. */
final class KeyspaceOps {
    /** Value type of plain strings in the keyspace. */
    static final int TYPE_STRING = Keyspace.TYPE_STRING;

    private KeyspaceOps() {}

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
