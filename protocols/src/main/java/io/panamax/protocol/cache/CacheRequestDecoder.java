package io.panamax.protocol.cache;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Decodes one framed JSON object (RFC 8259) into a {@link CacheRequest}: fields {@code key} (string), {@code value}
 * (string or null), {@code op} ({@code "get" | "set" | "del" | "ttl" | "ping"} or null) and {@code ttl_ms} (positive
 * integer or null); other fields are checked for syntax and ignored; a repeated field's last value wins. Strings are
 * unescaped (<code>&#92;uXXXX</code> with surrogate pairs to UTF-8; a lone surrogate is invalid), other bytes, including
 * non-ASCII UTF-8, are kept as they are. No {@code op}: SET when {@code value} is a string, else GET.
 *
 * <p>Anything else (bad syntax, wrong field types, unknown op, missing key, trailing bytes) gives {@link
 * CacheRequest#INVALID}. One instance per connection; not thread-safe.
 */
final class CacheRequestDecoder {
  private static final int MAX_NESTING = 64;
  private static final byte[] KEY = {'k', 'e', 'y'};
  private static final byte[] VALUE = {'v', 'a', 'l', 'u', 'e'};
  private static final byte[] OP = {'o', 'p'};
  private static final byte[] TTL_MS = {'t', 't', 'l', '_', 'm', 's'};

  /** Thrown on malformed input only (not on the hot path), without a stack trace. */
  private static final class Malformed extends RuntimeException {
    Malformed() {
      super("malformed JSON", null, false, false);
    }
  }

  private static final Malformed MALFORMED = new Malformed();

  private ByteBuf in;
  private int pos;
  private int end;
  private byte[] scratch = new byte[64];
  private int scratchLength;

  /** Decodes {@code length} bytes of {@code buf} from {@code offset} into {@code out} (all fields overwritten). */
  void decode(ByteBuf buf, int offset, int length, CacheRequest out) {
    this.in = buf;
    this.pos = offset;
    this.end = offset + length;
    out.op = CacheRequest.INVALID;
    out.key = null;
    out.value = null;
    out.ttlMs = 0;
    try {
      decodeObject(out);
    } catch (Malformed e) {
      out.op = CacheRequest.INVALID;
      out.key = null;
      out.value = null;
    } finally {
      this.in = null;
    }
  }

  private void decodeObject(CacheRequest out) {
    byte[] op = null;
    boolean hasTtl = false;
    long ttl = 0;
    skipWhitespace();
    expect('{');
    skipWhitespace();
    if (peek() != '}') {
      while (true) {
        skipWhitespace();
        string();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        if (fieldIs(KEY)) {
          out.key = stringOrNull();
        } else if (fieldIs(VALUE)) {
          out.value = stringOrNull();
        } else if (fieldIs(OP)) {
          op = stringOrNull();
        } else if (fieldIs(TTL_MS)) {
          ttl = integerOrNull();
          hasTtl = ttl != Long.MIN_VALUE;
        } else {
          skipValue(0);
        }
        skipWhitespace();
        byte b = next();
        if (b == '}') {
          break;
        }
        if (b != ',') {
          throw MALFORMED;
        }
      }
    } else {
      pos++;
    }
    skipWhitespace();
    if (pos != end) {
      throw MALFORMED;
    }
    if (hasTtl && ttl <= 0) {
      return;
    }
    out.ttlMs = hasTtl ? ttl : 0;
    out.op = resolve(op, out);
  }

  private static int resolve(byte[] op, CacheRequest r) {
    if (op == null) {
      if (r.key == null) {
        return CacheRequest.INVALID;
      }
      return r.value != null ? CacheRequest.SET : CacheRequest.GET;
    }
    int kind = switch (new String(op, java.nio.charset.StandardCharsets.ISO_8859_1)) {
      case "get" -> CacheRequest.GET;
      case "set" -> CacheRequest.SET;
      case "del" -> CacheRequest.DEL;
      case "ttl" -> CacheRequest.TTL;
      case "ping" -> CacheRequest.PING;
      default -> CacheRequest.INVALID;
    };
    if (kind == CacheRequest.PING) {
      return kind;
    }
    if (r.key == null || kind == CacheRequest.SET && r.value == null) {
      return CacheRequest.INVALID;
    }
    return kind;
  }

  private boolean fieldIs(byte[] name) {
    return scratchLength == name.length && Arrays.equals(scratch, 0, scratchLength, name, 0, name.length);
  }

  private byte[] stringOrNull() {
    if (peek() == 'n') {
      literal("null");
      return null;
    }
    string();
    return Arrays.copyOf(scratch, scratchLength);
  }

  /** A non-negative integer without fraction or exponent, or {@link Long#MIN_VALUE} for null. */
  private long integerOrNull() {
    byte b = peek();
    if (b == 'n') {
      literal("null");
      return Long.MIN_VALUE;
    }
    if (b == '-') {
      number();
      return -1;
    }
    int start = pos;
    number();
    long v = 0;
    for (int i = start; i < pos; i++) {
      int d = in.getByte(i) - '0';
      if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
        return -1; // fraction, exponent or too large: not a valid ttl_ms
      }
      v = v * 10 + d;
    }
    return v;
  }

  private void skipValue(int nesting) {
    if (nesting > MAX_NESTING) {
      throw MALFORMED;
    }
    byte b = peek();
    switch (b) {
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      case '{', '[' -> {
        pos++;
        byte close = b == '{' ? (byte) '}' : (byte) ']';
        skipWhitespace();
        if (peek() == close) {
          pos++;
          return;
        }
        while (true) {
          skipWhitespace();
          if (b == '{') {
            string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
          }
          skipValue(nesting + 1);
          skipWhitespace();
          byte c = next();
          if (c == close) {
            return;
          }
          if (c != ',') {
            throw MALFORMED;
          }
        }
      }
      default -> number();
    }
  }

  /** number = [ minus ] int [ frac ] [ exp ] */
  private void number() {
    if (peek() == '-') {
      pos++;
    }
    byte b = next();
    if (b == '0') {
      // no leading zeros
    } else if (b >= '1' && b <= '9') {
      while (pos < end && isDigit(in.getByte(pos))) {
        pos++;
      }
    } else {
      throw MALFORMED;
    }
    if (pos < end && in.getByte(pos) == '.') {
      pos++;
      digits();
    }
    if (pos < end && (in.getByte(pos) == 'e' || in.getByte(pos) == 'E')) {
      pos++;
      if (pos < end && (in.getByte(pos) == '+' || in.getByte(pos) == '-')) {
        pos++;
      }
      digits();
    }
  }

  private void digits() {
    if (!isDigit(next())) {
      throw MALFORMED;
    }
    while (pos < end && isDigit(in.getByte(pos))) {
      pos++;
    }
  }

  /** Decodes a string into {@code scratch[0, scratchLength)}. */
  private void string() {
    expect('"');
    scratchLength = 0;
    while (true) {
      byte b = next();
      if (b == '"') {
        return;
      }
      if (b == '\\') {
        escape();
      } else if ((b & 0xFF) < 0x20) {
        throw MALFORMED;
      } else {
        put(b);
      }
    }
  }

  private void escape() {
    byte b = next();
    switch (b) {
      case '"', '\\', '/' -> put(b);
      case 'b' -> put((byte) '\b');
      case 'f' -> put((byte) '\f');
      case 'n' -> put((byte) '\n');
      case 'r' -> put((byte) '\r');
      case 't' -> put((byte) '\t');
      case 'u' -> {
        int c = hex4();
        if (c >= 0xD800 && c <= 0xDBFF) {
          if (next() != '\\' || next() != 'u') {
            throw MALFORMED;
          }
          int low = hex4();
          if (low < 0xDC00 || low > 0xDFFF) {
            throw MALFORMED;
          }
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
          throw MALFORMED;
        }
        putUtf8(c);
      }
      default -> throw MALFORMED;
    }
  }

  private int hex4() {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(next(), 16);
      if (d < 0) {
        throw MALFORMED;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private void putUtf8(int c) {
    if (c < 0x80) {
      put((byte) c);
    } else if (c < 0x800) {
      put((byte) (0xC0 | c >> 6));
      put((byte) (0x80 | c & 0x3F));
    } else if (c < 0x10000) {
      put((byte) (0xE0 | c >> 12));
      put((byte) (0x80 | c >> 6 & 0x3F));
      put((byte) (0x80 | c & 0x3F));
    } else {
      put((byte) (0xF0 | c >> 18));
      put((byte) (0x80 | c >> 12 & 0x3F));
      put((byte) (0x80 | c >> 6 & 0x3F));
      put((byte) (0x80 | c & 0x3F));
    }
  }

  private void put(byte b) {
    if (scratchLength == scratch.length) {
      scratch = Arrays.copyOf(scratch, scratch.length * 2);
    }
    scratch[scratchLength++] = b;
  }

  private void literal(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (next() != word.charAt(i)) {
        throw MALFORMED;
      }
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw MALFORMED;
    }
  }

  private byte next() {
    if (pos >= end) {
      throw MALFORMED;
    }
    return in.getByte(pos++);
  }

  private byte peek() {
    if (pos >= end) {
      throw MALFORMED;
    }
    return in.getByte(pos);
  }

  private void skipWhitespace() {
    while (pos < end && CacheFrameDecoder.isWhitespace(in.getByte(pos))) {
      pos++;
    }
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
