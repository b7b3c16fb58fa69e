package io.panamax.lab.run;

/** A JVM that burns CPU in a recognisable method until killed: the target {@link ProfilerIT} attaches to. */
public final class BusyLoop {

    private BusyLoop() {}

    public static void main(String[] args) {
        System.out.println("busy");
        System.out.flush();
        long x = 0;
        while (true) {
            x = spin(x);
            if (x == 42) {
                System.out.println(x);
            }
        }
    }

    static long spin(long x) {
        for (int i = 0; i < 1_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
