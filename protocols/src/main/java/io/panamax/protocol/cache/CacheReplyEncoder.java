package io.panamax.protocol.cache;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Writes the cache protocol's replies byte for byte as the spec pins them: compact JSON, fields in the order {@code
 * status, message, key, value}, absent ones as {@code null}, no trailing newline. Strings are escaped per RFC 8259
 * ({@code "} and {@code \} and control characters); bytes from 0x80 up are written raw (UTF-8 stays UTF-8).
 */
final class CacheReplyEncoder {
  static final byte[] SET_OK = ascii(
      "{\"status\":\"OK\",\"message\":\"Key inserted/updated successfully.\",\"key\":null,\"value\":null}");
  static final byte[] NOT_FOUND = ascii("{\"status\":\"OK\",\"message\":\"Key not found.\",\"key\":null,\"value\":null}");
  static final byte[] DELETED = ascii("{\"status\":\"OK\",\"message\":\"Key deleted.\",\"key\":null,\"value\":null}");
  static final byte[] PONG = ascii("{\"status\":\"OK\",\"message\":\"PONG\",\"key\":null,\"value\":null}");
  static final byte[] INVALID = ascii(
      "{\"status\":\"ERROR\",\"message\":\"Invalid request format.\",\"key\":null,\"value\":null}");
  static final byte[] OOM = ascii(
      "{\"status\":\"ERROR\",\"message\":\"Out of memory: the value does not fit in maxmemory.\",\"key\":null,"
          + "\"value\":null}");
  static final byte[] WRONG_TYPE = ascii(
      "{\"status\":\"ERROR\",\"message\":\"WRONGTYPE the key holds a value that is not a string.\",\"key\":null,"
          + "\"value\":null}");
  static final byte[] INTERNAL = ascii(
      "{\"status\":\"ERROR\",\"message\":\"Internal error; see the server log.\",\"key\":null,\"value\":null}");

  private static final byte[] HIT_PREFIX = ascii("{\"status\":\"OK\",\"message\":\"\",\"key\":");
  private static final byte[] VALUE_FIELD = ascii(",\"value\":");
  private static final byte[] HEX = ascii("0123456789abcdef");

  private CacheReplyEncoder() {}

  /** A GET (or TTL) hit: {@code key} echoed, {@code value} from a keyspace record. */
  static void hit(ByteBuf out, byte[] key, MemorySegment segment, long valueOffset, int valueLength) {
    out.writeBytes(HIT_PREFIX);
    string(out, MemorySegment.ofArray(key), 0, key.length);
    out.writeBytes(VALUE_FIELD);
    string(out, segment, valueOffset, valueLength);
    out.writeByte('}');
  }

  /** A hit whose value is the ASCII text {@code value} (TTL replies). */
  static void hit(ByteBuf out, byte[] key, String value) {
    byte[] v = ascii(value);
    hit(out, key, MemorySegment.ofArray(v), 0, v.length);
  }

  /** Writes bytes as a JSON string, quotes included. */
  static void string(ByteBuf out, MemorySegment segment, long offset, int length) {
    out.ensureWritable(length + 2);
    out.writeByte('"');
    for (long i = offset, end = offset + length; i < end; i++) {
      byte b = segment.get(ValueLayout.JAVA_BYTE, i);
      if (b == '"' || b == '\\') {
        out.writeByte('\\').writeByte(b);
      } else if (b >= 0 && b < 0x20) {
        out.writeByte('\\');
        switch (b) {
          case '\n' -> out.writeByte('n');
          case '\r' -> out.writeByte('r');
          case '\t' -> out.writeByte('t');
          case '\b' -> out.writeByte('b');
          case '\f' -> out.writeByte('f');
          default -> out.writeByte('u').writeByte('0').writeByte('0').writeByte(HEX[b >> 4]).writeByte(HEX[b & 0xF]);
        }
      } else {
        out.writeByte(b);
      }
    }
    out.writeByte('"');
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
