import java.nio.*; import java.nio.channels.*; import java.nio.file.*; import java.util.concurrent.atomic.*;
public class H2 {
  public static void main(String[] a) throws Exception {
    int threads = 1; int sz = Integer.parseInt(a[0]); int n = 3000;
    Path p = Path.of("/work/fs-test3.wal"); Files.deleteIfExists(p);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer z = ByteBuffer.allocateDirect(64 << 20); ch.write(z, 0); ch.force(true);
      AtomicLong pos = new AtomicLong();
      Thread[] ts = new Thread[threads];
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) { ts[t] = new Thread(() -> { try { ByteBuffer b = ByteBuffer.allocateDirect(sz);
        for (int i = 0; i < n; i++) { b.clear(); long at = pos.getAndAdd(sz); ch.write(b, at); ch.force(false); } } catch (Exception e) { throw new RuntimeException(e); } }); ts[t].start(); }
      for (Thread t : ts) t.join();
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf("size=" + sz + " threads=%d fsyncs/s=%.0f us/fsync-per-thread=%.0f%n", threads, threads * n / s, s*1e6/n);
    }
    Files.deleteIfExists(p);
  }
}
