package io.panamax.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden bytes of the record formats and of the ref bits; a change here is a layout change. */
class RecordLayoutTest {
  private static final long EXPIRE = 0x0102_0304_0506_0708L;

  private final FakeClock clock = new FakeClock();

  @Test
  void writesACompactRecordAsKeyThenValueWithLengthsInTheRef() {
    check("k", "v123", 0, 3, "6b76313233", 0b0_0011_0_1_000001_011L);
  }

  @Test
  void writesACompactRecordWithTtlAsExpireAtKeyValue() {
    check("k", "v123", EXPIRE, 1, "0807060504030201" + "6b76313233", 0b0_0001_1_1_000001_011L);
  }

  @Test
  void writesAFullRecordWhenTheKeyIsLongerThan63Bytes() {
    String key = "a".repeat(64);
    check(key, "xy", 0, 0, "40000000" + "02000000" + "61".repeat(64) + "7879", 0b0_0000_0_0_000000_000L);
  }

  @Test
  void writesAFullRecordWithTtlWhenTheRecordIsLargerThan128Bytes() {
    String value = "z".repeat(130);
    check("key", value, EXPIRE, 15,
        "03000000" + "82000000" + "0807060504030201" + "6b6579" + "7a".repeat(130), 0b0_1111_1_0_000000_000L);
  }

  private void check(String key, String value, long expireAt, int type, String goldenHex, long goldenRefTop16) {
    try (Keyspace keyspace = new Keyspace(new KeyspaceConfig(16, 0, clock))) {
      byte[] valueBytes = value.getBytes();
      long ref = keyspace.put(ByteKey.of(key).heap(), type, valueBytes.length, expireAt, 0);
      MemorySegment.copy(valueBytes, 0, keyspace.segment(ref), ValueLayout.JAVA_BYTE, keyspace.valueOffset(ref),
          valueBytes.length);
      assertThat(ref >>> 48).as("ref bits 48..63").isEqualTo(goldenRefTop16);
      int recordBytes = goldenHex.length() / 2;
      long recordStart = keyspace.keyOffset(ref) - (recordBytes - key.length() - valueBytes.length);
      byte[] actual = keyspace.segment(ref).asSlice(recordStart, recordBytes).toArray(ValueLayout.JAVA_BYTE);
      assertThat(HexFormat.of().formatHex(actual)).isEqualTo(goldenHex);
      assertThat(recordStart % 8).as("records start 8-aligned").isZero();
      long found = keyspace.lookup(ByteKey.of(key).heap());
      assertThat(found).isEqualTo(ref);
      assertThat(keyspace.type(found)).isEqualTo(type);
      assertThat(keyspace.valueLength(found)).isEqualTo(valueBytes.length);
      assertThat(keyspace.keyLength(found)).isEqualTo(key.length());
      assertThat(keyspace.expireAtMs(found)).isEqualTo(expireAt == 0 ? -1 : expireAt);
    }
  }
}
