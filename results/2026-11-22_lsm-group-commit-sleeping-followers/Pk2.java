import java.util.concurrent.locks.LockSupport;
public class Pk2 { public static void main(String[] a) { long[] d = new long[2000];
 for (long ns : new long[]{1_000, 20_000, 50_000, 100_000}) { for (int i=0;i<d.length;i++){ long t=System.nanoTime(); LockSupport.parkNanos(ns); d[i]=System.nanoTime()-t; }
 java.util.Arrays.sort(d); System.out.printf("parkNanos(%dus): p10 %d p50 %d p90 %d p99 %d us%n", ns/1000, d[200]/1000, d[1000]/1000, d[1800]/1000, d[1980]/1000);} } }
