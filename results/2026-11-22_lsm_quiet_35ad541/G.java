import java.nio.*; import java.nio.channels.*; import java.nio.file.*;
public class G {
  public static void main(String[] a) throws Exception {
    int threads = Integer.parseInt(a[0]); int n = 2000;
    Path p = Path.of("/work/fs-test2.wal"); Files.deleteIfExists(p);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      Thread[] ts = new Thread[threads];
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) { ts[t] = new Thread(() -> { try { ByteBuffer b = ByteBuffer.allocateDirect(1000);
        for (int i = 0; i < n; i++) { b.clear(); synchronized (ch) { ch.write(b); } ch.force(false); } } catch (Exception e) { throw new RuntimeException(e); } }); ts[t].start(); }
      for (Thread t : ts) t.join();
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf("threads=%d fsyncs/s=%.0f%n", threads, threads * n / s);
    }
    Files.deleteIfExists(p);
  }
}
