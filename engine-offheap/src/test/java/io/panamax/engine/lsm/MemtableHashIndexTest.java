package io.panamax.engine.lsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Memtable#find} through the hash index against a model: per key, a map from sequence number to value (null
 * = tombstone). Small memtables have few buckets (64 KiB: 512), so chains are long and versions replace chain nodes
 * in the middle of chains.
 */
class MemtableHashIndexTest {

    @Test
    void findAtEverySnapshotMatchesTheModel() {
        long seed = TestSeeds.seed("findAtEverySnapshotMatchesTheModel");
        Random random = new Random(seed);
        Memtable m = new Memtable(1 << 20, 1);
        Map<String, TreeMap<Long, String>> model = new HashMap<>();
        try {
            long sequence = 0;
            int keySpace = 1 + random.nextInt(3000);
            for (int i = 0; i < 6000; i++) {
                String key = "k" + random.nextInt(keySpace);
                String value = random.nextInt(10) == 0 ? null : "v" + i;
                if (!m.add(++sequence, seg(key), value == null ? null : seg(value))) {
                    break;
                }
                model.computeIfAbsent(key, k -> new TreeMap<>()).put(sequence, value);
            }
            for (int probe = 0; probe < 20_000; probe++) {
                String key = "k" + random.nextInt(keySpace + 100); // some never written
                long snapshot = random.nextInt(10) == 0 ? sequence : 1 + (long) random.nextInt((int) sequence);
                TreeMap<Long, String> versions = model.get(key);
                Map.Entry<Long, String> expected = versions == null ? null : versions.floorEntry(snapshot);
                long node = m.find(seg(key), snapshot);
                if (expected == null) {
                    assertThat(node).as("seed=%d key=%s snapshot=%d", seed, key, snapshot).isEqualTo(-1);
                } else {
                    assertThat(node).as("seed=%d key=%s snapshot=%d", seed, key, snapshot).isNotEqualTo(-1);
                    assertThat(m.sequence(node)).isEqualTo(expected.getKey());
                    assertThat(m.isTombstone(node)).isEqualTo(expected.getValue() == null);
                    if (expected.getValue() != null) {
                        assertThat(str(m.value(node))).isEqualTo(expected.getValue());
                    }
                }
            }
        } finally {
            m.unref();
        }
    }

    @Test
    void emptyAndBinaryKeysAndKeysThatShareABucket() {
        Memtable m = new Memtable(64 * 1024, 1);
        try {
            int buckets = MemtableDescriptor.bucketCount(64 * 1024);
            assertThat(buckets).isEqualTo(512);
            // Collect keys of one bucket, so the chain has many nodes and versions replace nodes mid-chain.
            List<String> sameBucket = new ArrayList<>();
            long target = Keys.hash64(seg("x0")) & (buckets - 1);
            for (int i = 0; sameBucket.size() < 6; i++) {
                MemorySegment k = seg("x" + i);
                if ((Keys.hash64(k) & (buckets - 1)) == target) {
                    sameBucket.add("x" + i);
                }
            }
            long seq = 0;
            for (String k : sameBucket) {
                m.add(++seq, seg(k), seg(k + "@" + seq));
            }
            m.add(++seq, seg(sameBucket.get(2)), seg("middle-updated")); // replaces a node in the middle
            m.add(++seq, seg(sameBucket.get(0)), null); // the chain's tail becomes a tombstone
            m.add(++seq, MemorySegment.ofArray(new byte[0]), seg("empty-key"));
            m.add(++seq, MemorySegment.ofArray(new byte[] {0, (byte) 0xFF, 0}), seg("binary"));
            for (int i = 0; i < sameBucket.size(); i++) {
                String k = sameBucket.get(i);
                long node = m.find(seg(k), seq);
                assertThat(node).as(k).isNotEqualTo(-1);
                if (i == 0) {
                    assertThat(m.isTombstone(node)).isTrue();
                    assertThat(str(m.value(m.find(seg(k), 6)))).isEqualTo(k + "@1");
                } else if (i == 2) {
                    assertThat(str(m.value(node))).isEqualTo("middle-updated");
                    assertThat(str(m.value(m.find(seg(k), 6)))).isEqualTo(k + "@3");
                } else {
                    assertThat(str(m.value(node))).isEqualTo(k + "@" + (i + 1));
                }
            }
            assertThat(str(m.value(m.find(MemorySegment.ofArray(new byte[0]), seq)))).isEqualTo("empty-key");
            assertThat(str(m.value(m.find(MemorySegment.ofArray(new byte[] {0, (byte) 0xFF, 0}), seq))))
                    .isEqualTo("binary");
            assertThat(m.find(MemorySegment.ofArray(new byte[] {0, (byte) 0xFF}), seq)).isEqualTo(-1);
            assertThat(m.find(seg(sameBucket.get(1)), 0)).isEqualTo(-1); // nothing that old
        } finally {
            m.unref();
        }
    }

    @Test
    void aReaderConcurrentWithTheWriterFindsEveryPublishedVersion() throws Exception {
        long seed = TestSeeds.seed("aReaderConcurrentWithTheWriterFindsEveryPublishedVersion");
        Memtable m = new Memtable(4 << 20, 1);
        int keys = 500;
        // published[k] = last sequence written for key k and published (the writer stores it after add()).
        long[] published = new long[keys];
        java.util.concurrent.atomic.AtomicLongArray visible = new java.util.concurrent.atomic.AtomicLongArray(keys);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            Random random = new Random(seed);
            long seq = 0;
            while (true) {
                int k = random.nextInt(keys);
                if (!m.add(++seq, seg("key-" + k), seg("v" + seq))) {
                    break;
                }
                published[k] = seq;
                visible.set(k, seq);
            }
        });
        Thread reader = new Thread(() -> {
            Random random = new Random(seed + 1);
            try {
                while (writer.isAlive()) {
                    int k = random.nextInt(keys);
                    long seen = visible.get(k);
                    long node = m.find(seg("key-" + k), Long.MAX_VALUE);
                    if (seen != 0) {
                        assertThat(node).as("key-%d published at %d", k, seen).isNotEqualTo(-1);
                        assertThat(m.sequence(node)).isGreaterThanOrEqualTo(seen);
                        assertThat(str(m.value(node))).isEqualTo("v" + m.sequence(node));
                        long at = m.find(seg("key-" + k), seen);
                        assertThat(m.sequence(at)).isEqualTo(seen);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            reader.start();
            writer.start();
            writer.join();
            reader.join();
            if (failure.get() != null) {
                throw new AssertionError("seed=" + seed, failure.get());
            }
            for (int k = 0; k < keys; k++) {
                if (published[k] != 0) {
                    assertThat(m.sequence(m.find(seg("key-" + k), Long.MAX_VALUE))).isEqualTo(published[k]);
                }
            }
        } finally {
            m.unref();
        }
    }

    private static MemorySegment seg(String s) {
        return MemorySegment.ofArray(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String str(MemorySegment s) {
        return new String(s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
