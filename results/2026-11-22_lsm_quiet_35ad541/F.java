import java.nio.*; import java.nio.channels.*; import java.nio.file.*;
public class F {
  public static void main(String[] a) throws Exception {
    int size = Integer.parseInt(a[0]); boolean pre = a[1].equals("pre"); int n = 3000;
    Path p = Path.of("/work/fs-test.wal"); Files.deleteIfExists(p);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      if (pre) { ByteBuffer z = ByteBuffer.allocateDirect(1<<20); for (int i = 0; i < 16; i++) { z.clear(); ch.write(z); } ch.force(true); ch.position(0); }
      ByteBuffer b = ByteBuffer.allocateDirect(size);
      long[] t = new long[n];
      for (int i = 0; i < n; i++) { b.clear(); ch.write(b); long s = System.nanoTime(); ch.force(false); t[i] = System.nanoTime() - s; }
      java.util.Arrays.sort(t); long sum = 0; for (long x : t) sum += x;
      System.out.printf("size=%d %s mean=%d p50=%d p90=%d us%n", size, a[1], sum/n/1000, t[n/2]/1000, t[n*9/10]/1000);
    }
    Files.deleteIfExists(p);
  }
}
