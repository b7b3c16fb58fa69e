package io.panamax.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.engine.memory.TestSeed;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Randomized operation sequences run against the keyspace and a {@link HashMap} model, compared after each step. */
class KeyspaceModelTest {
  private record Entry(byte[] value, int type, long expireAtMs) {}

  private final FakeClock clock = new FakeClock();
  private final Map<ByteKey, Entry> model = new HashMap<>();
  private SplittableRandom rnd;
  private long seed;
  private Keyspace keyspace;
  private ByteKey[] pool;
  private Arena arena;

  @Test
  void matchesAHashMapModelUnderRandomOperationsAcrossGrowths() {
    seed = TestSeed.seed("matchesAHashMapModelUnderRandomOperationsAcrossGrowths");
    rnd = new SplittableRandom(seed);
    keyspace = new Keyspace(new KeyspaceConfig(4, 0, clock));
    try (Arena scratch = Arena.ofConfined()) {
      arena = scratch;
      pool = keyPool(20_000);
      int growths = 0;
      int buckets = keyspace.bucketCount();
      for (int step = 0; step < 160_000; step++) {
        runOneOperation(step);
        if (keyspace.bucketCount() != buckets) {
          growths++;
          buckets = keyspace.bucketCount();
        }
      }
      assertThat(growths).as("growths, seed=%d", seed).isGreaterThanOrEqualTo(5);
      verifyAll();
      keyspace.clear();
      model.clear();
      assertThat(keyspace.size()).isZero();
      assertThat(keyspace.usedMemoryBytes()).isEqualTo(BucketTable.bytesFor(keyspace.bucketCount()));
    } finally {
      keyspace.close();
    }
  }

  /** The key as a heap segment, a native copy or a read-only heap segment, at random. */
  private MemorySegment seg(ByteKey key) {
    return switch (rnd.nextInt(3)) {
      case 0 -> key.heap();
      case 1 -> arena.allocate(Math.max(1, key.bytes().length)).asSlice(0, key.bytes().length)
          .copyFrom(key.heap());
      default -> key.heap().asReadOnly();
    };
  }

  private void runOneOperation(int step) {
    ByteKey key = pool[rnd.nextInt(rnd.nextInt(10) == 0 ? pool.length : Math.min(pool.length, 500 + step / 10))];
    int op = rnd.nextInt(1000);
    if (op < 450) {
      put(key);
    } else if (op < 750) {
      checkLookup(key);
    } else if (op < 850) {
      boolean live = live(key);
      assertThat(keyspace.delete(seg(key))).as("delete %s seed=%d", key, seed).isEqualTo(live);
      model.remove(key);
    } else if (op < 900) {
      setExpire(key);
    } else if (op < 940) {
      clock.nowMs += rnd.nextInt(50);
    } else if (op < 960) {
      keyspace.activeExpireCycle(rnd.nextBoolean() ? 0 : Long.MAX_VALUE);
    } else if (op < 970) {
      long ref = keyspace.randomRef(rnd);
      if (ref == Keyspace.NOT_FOUND) {
        assertThat(liveCount()).isZero();
      } else {
        ByteKey found = ByteKey.of(keyspace.segment(ref), keyspace.keyOffset(ref), keyspace.keyLength(ref));
        assertThat(live(found)).as("randomRef %s seed=%d", found, seed).isTrue();
      }
    } else if (op < 971) {
      verifyAll();
    } else if (op == 971 && rnd.nextInt(20) == 0) {
      keyspace.clear();
      model.clear();
    } else {
      checkLookup(key);
    }
  }

  private void put(ByteKey key) {
    int length = rnd.nextInt(400) == 0 ? rnd.nextInt(300_000) : rnd.nextInt(rnd.nextBoolean() ? 120 : 2000);
    int mode = rnd.nextInt(4) == 0 ? Keyspace.PRESERVE_VALUE : 0;
    mode |= rnd.nextInt(4) == 0 ? Keyspace.KEEP_TTL : 0;
    mode |= rnd.nextInt(4) == 0 ? Keyspace.ZERO_FILL : 0;
    long expireAt = rnd.nextInt(3) == 0 ? clock.nowMs + 1 + rnd.nextInt(500) : 0;
    int type = rnd.nextInt(8) == 0 ? rnd.nextInt(16) : 0;
    Entry old = live(key) ? model.get(key) : null;
    long ref = keyspace.put(seg(key), type, length, expireAt, mode);
    assertThat(ref).as("put seed=%d", seed).isNotNegative();
    byte[] value = new byte[length];
    int kept = 0;
    if (old != null && (mode & Keyspace.PRESERVE_VALUE) != 0) {
      kept = Math.min(length, old.value.length);
      System.arraycopy(old.value, 0, value, 0, kept);
    }
    MemorySegment segment = keyspace.segment(ref);
    long valueAt = keyspace.valueOffset(ref);
    assertThat(MemorySegment.ofArray(value).asSlice(0, kept).mismatch(segment.asSlice(valueAt, kept)))
        .as("preserved prefix seed=%d", seed).isEqualTo(-1);
    if ((mode & Keyspace.ZERO_FILL) != 0) {
      for (int i = kept; i < length; i += 97) {
        assertThat(segment.get(ValueLayout.JAVA_BYTE, valueAt + i)).as("zero fill seed=%d", seed).isZero();
      }
    }
    byte[] fresh = new byte[length - kept];
    rnd.nextBytes(fresh);
    System.arraycopy(fresh, 0, value, kept, fresh.length);
    MemorySegment.copy(value, kept, segment, ValueLayout.JAVA_BYTE, valueAt + kept, length - kept);
    long expire = (mode & Keyspace.KEEP_TTL) != 0 && old != null ? old.expireAtMs : expireAt;
    model.put(key, new Entry(value, type, expire));
  }

  private void setExpire(ByteKey key) {
    long expireAt = rnd.nextBoolean() ? 0 : clock.nowMs + 1 + rnd.nextInt(500);
    boolean live = live(key);
    assertThat(keyspace.setExpireAt(seg(key), expireAt)).as("setExpireAt seed=%d", seed).isEqualTo(live);
    if (live) {
      Entry e = model.get(key);
      model.put(key, new Entry(e.value, e.type, expireAt));
    } else {
      model.remove(key);
    }
  }

  private void checkLookup(ByteKey key) {
    long ref = keyspace.lookup(seg(key));
    if (!live(key)) {
      assertThat(ref).as("lookup of missing %s seed=%d", key, seed).isEqualTo(Keyspace.NOT_FOUND);
      model.remove(key);
      return;
    }
    assertThat(ref).as("lookup of %s seed=%d", key, seed).isNotNegative();
    Entry e = model.get(key);
    assertThat(keyspace.type(ref)).isEqualTo(e.type);
    assertThat(keyspace.expireAtMs(ref)).isEqualTo(e.expireAtMs == 0 ? -1 : e.expireAtMs);
    assertThat(keyspace.keyLength(ref)).isEqualTo(key.bytes().length);
    assertThat(keyspace.valueLength(ref)).as("valueLength seed=%d", seed).isEqualTo(e.value.length);
    MemorySegment segment = keyspace.segment(ref);
    assertThat(ByteKey.of(segment, keyspace.keyOffset(ref), keyspace.keyLength(ref))).isEqualTo(key);
    assertThat(MemorySegment.ofArray(e.value).mismatch(segment.asSlice(keyspace.valueOffset(ref), e.value.length)))
        .as("value of %s seed=%d", key, seed).isEqualTo(-1);
  }

  private void verifyAll() {
    Set<ByteKey> scanned = new HashSet<>();
    long cursor = 0;
    do {
      cursor = keyspace.scan(cursor, 1 + rnd.nextInt(100), (segment, keyOffset, keyLength, ref) -> {
        ByteKey k = ByteKey.of(segment, keyOffset, keyLength);
        assertThat(scanned.add(k)).as("scan duplicate %s in a stable table, seed=%d", k, seed).isTrue();
      });
    } while (cursor != 0);
    Set<ByteKey> expected = new HashSet<>();
    model.forEach((k, e) -> {
      if (e.expireAtMs == 0 || e.expireAtMs > clock.nowMs) {
        expected.add(k);
      }
    });
    assertThat(scanned).as("scan, seed=%d", seed).isEqualTo(expected);
    assertThat(keyspace.size()).isGreaterThanOrEqualTo(expected.size()).isLessThanOrEqualTo(model.size());
    for (ByteKey k : model.keySet().toArray(ByteKey[]::new)) {
      checkLookup(k);
    }
    assertThat(keyspace.size()).as("size after lazy expiry of every key, seed=%d", seed).isEqualTo(model.size());
  }

  private boolean live(ByteKey key) {
    Entry e = model.get(key);
    return e != null && (e.expireAtMs == 0 || e.expireAtMs > clock.nowMs);
  }

  private long liveCount() {
    return model.keySet().stream().filter(this::live).count();
  }

  private ByteKey[] keyPool(int n) {
    ByteKey[] keys = new ByteKey[n];
    Set<ByteKey> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      ByteKey k;
      do {
        int length = rnd.nextInt(10) == 0 ? rnd.nextInt(200) : 1 + rnd.nextInt(30);
        byte[] bytes = new byte[length];
        for (int j = 0; j < length; j++) {
          bytes[j] = (byte) rnd.nextInt(rnd.nextBoolean() ? 256 : 4);
        }
        k = new ByteKey(bytes);
      } while (!seen.add(k));
      keys[i] = k;
    }
    return keys;
  }
}
