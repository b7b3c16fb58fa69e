package io.panamax.engine.lsm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import net.openhft.hashing.LongHashFunction;

/** Key ordering (unsigned lexicographic, like memcmp), key hashing for bloom filters, and CRC32C over segments. */
final class Keys {
    static final ValueLayout.OfLong LONG_LE_UNALIGNED =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_LE_UNALIGNED = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static final ValueLayout.OfLong LONG_BE_UNALIGNED =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final LongHashFunction XXH3 = LongHashFunction.xx3();

    private Keys() {}

    /**
     * The first 8 bytes of {@code seg[off, off+len)} as a big-endian long, zero-padded when shorter. Two keys whose
     * prefixes differ compare like {@code Long.compareUnsigned} of their prefixes; equal prefixes need
     * {@link #compare(MemorySegment, long, long, MemorySegment, long, long)}.
     */
    static long prefix(MemorySegment seg, long off, long len) {
        if (len >= 8) {
            return seg.get(LONG_BE_UNALIGNED, off);
        }
        long p = 0;
        for (int i = 0; i < len; i++) {
            p |= (seg.get(ValueLayout.JAVA_BYTE, off + i) & 0xFFL) << (56 - 8 * i);
        }
        return p;
    }

    /** Compares {@code a[aOff, aOff+aLen)} with {@code b[bOff, bOff+bLen)} as unsigned bytes; shorter prefix first. */
    static int compare(MemorySegment a, long aOff, long aLen, MemorySegment b, long bOff, long bLen) {
        long i = MemorySegment.mismatch(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
        if (i < 0) {
            return 0;
        }
        if (i == aLen) {
            return -1;
        }
        if (i == bLen) {
            return 1;
        }
        return Integer.compare(
                Byte.toUnsignedInt(a.get(ValueLayout.JAVA_BYTE, aOff + i)),
                Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, bOff + i)));
    }

    /** Compares two whole segments as unsigned bytes. */
    static int compare(MemorySegment a, MemorySegment b) {
        return compare(a, 0, a.byteSize(), b, 0, b.byteSize());
    }

    /**
     * XXH3 (64-bit, seed 0; zero-allocation-hashing's {@code LongHashFunction.xx3()}) of all bytes of {@code key}: the
     * bloom filter hash of SSTable format 2 and the memtable's hash index. Native (mapped, arena) and heap segments of
     * the same bytes hash alike. Persisted (bloom bits depend on it), so frozen by a golden test.
     */
    static long hash64(MemorySegment key) {
        long length = key.byteSize();
        if (key.isNative()) {
            return XXH3.hashMemory(key.address(), length);
        }
        if (key.heapBase().orElse(null) instanceof byte[] array) {
            return XXH3.hashBytes(array, (int) key.address(), (int) length);
        }
        return XXH3.hashBytes(key.toArray(ValueLayout.JAVA_BYTE));
    }

    /**
     * The bloom filter hash of SSTable format 1 (kept to read those files): 8-byte little-endian words of
     * {@code seg[off, off+len)} folded with a multiply-xorshift mix. Frozen by a golden test.
     */
    static long hash64V1(MemorySegment seg, long off, long len) {
        long h = 0x9E3779B97F4A7C15L ^ (len * 0xC2B2AE3D27D4EB4FL);
        long i = 0;
        for (; i + 8 <= len; i += 8) {
            h = mix(h ^ seg.get(LONG_LE_UNALIGNED, off + i));
        }
        long tail = 0;
        for (int shift = 0; i < len; i++, shift += 8) {
            tail |= (seg.get(ValueLayout.JAVA_BYTE, off + i) & 0xFFL) << shift;
        }
        return mix(h ^ tail ^ 0x165667B19E3779F9L);
    }

    private static long mix(long x) {
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        x *= 0x94D049BB133111EBL;
        return x ^ (x >>> 29);
    }

    /** CRC32C of {@code seg[off, off+len)}. */
    static int crc32c(MemorySegment seg, long off, long len) {
        CRC32C crc = new CRC32C();
        crc.update(seg.asSlice(off, len).asByteBuffer());
        return (int) crc.getValue();
    }

    /**
     * A short key {@code s} with {@code last <= s < next} (both unsigned-byte order, {@code last < next}): the common
     * prefix plus one incremented byte when that stays below {@code next}, otherwise {@code last} itself.
     */
    static byte[] shortestSeparator(byte[] last, MemorySegment next) {
        long n = next.byteSize();
        int common = 0;
        int limit = (int) Math.min(last.length, n);
        while (common < limit && last[common] == next.get(ValueLayout.JAVA_BYTE, common)) {
            common++;
        }
        if (common < limit) {
            int b = Byte.toUnsignedInt(last[common]);
            if (b < 0xFF && b + 1 < Byte.toUnsignedInt(next.get(ValueLayout.JAVA_BYTE, common))) {
                byte[] s = java.util.Arrays.copyOf(last, common + 1);
                s[common]++;
                return s;
            }
        }
        return last;
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}, or {@code null} when there is none
     * (the prefix is empty or all 0xFF).
     */
    static byte[] prefixSuccessor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = java.util.Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }
}
