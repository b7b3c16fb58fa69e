package io.panamax.engine.lsm;
import java.lang.foreign.*;
public class MtBench {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]);
    Memtable m = new Memtable(Long.parseLong(a[1]) << 20, 1);
    MemorySegment v = Arena.global().allocate(100);
    java.util.Random r = new java.util.Random(1);
    long seq = 1;
    for (int i = 0; i < n; i++) { if (!m.add(seq++, key(r.nextInt(n)), v)) { System.out.println("full at " + i); break; } }
    MemorySegment[] hit = new MemorySegment[1 << 16], miss = new MemorySegment[1 << 16];
    for (int i = 0; i < hit.length; i++) { hit[i] = key(r.nextInt(n)); miss[i] = key(n + r.nextInt(n)); }
    for (int round = 0; round < 8; round++) {
      for (int mode = 0; mode < 4; mode++) {
        MemorySegment[] ks = mode % 2 == 0 ? hit : miss; boolean skip = mode >= 2;
        long t = System.nanoTime(); long found = 0; int iters = 1_000_000;
        for (int i = 0; i < iters; i++) {
          MemorySegment k = ks[i & (ks.length - 1)];
          if (skip) { long node = m.findGreaterOrEqual(k, seq, null); if (node != 0 && Keys.compare(m.segment(), m.keyOffset(node), m.keyLength(node), k, 0, k.byteSize()) == 0) found++; }
          else if (m.find(k, seq) >= 0) found++;
        }
        if (round >= 5) System.out.printf("%s %s: %.0f ns found=%d%n", skip ? "skiplist" : "hash    ", mode % 2 == 0 ? "hit " : "miss", (System.nanoTime() - t) / (double) iters, found);
      }
    }
  }
  // 16-byte keys like the lab's: "key" + zero-padded decimal
  static MemorySegment key(int k) { byte[] b = String.format("%016d", k).getBytes(); return MemorySegment.ofArray(b); }
}
