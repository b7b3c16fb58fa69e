package io.panamax.lab.load;

/** A growable FIFO ring of primitive longs (request start times of one connection); single-threaded. */
final class LongQueue {

    private long[] ring = new long[64];
    private int head;
    private int size;

    void add(long v) {
        if (size == ring.length) {
            long[] grown = new long[ring.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = grown;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = v;
        size++;
    }

    /** Removes and returns the oldest value; the queue must not be empty. */
    long poll() {
        long v = ring[head];
        head = (head + 1) & (ring.length - 1);
        size--;
        return v;
    }

    int size() {
        return size;
    }
}
