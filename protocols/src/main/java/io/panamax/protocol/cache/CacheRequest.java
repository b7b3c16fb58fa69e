package io.panamax.protocol.cache;

/**
 * One decoded cache request. {@code key} and {@code value} are the raw bytes of the JSON strings after unescaping
 * (UTF-8). Mutable, filled by {@link CacheRequestDecoder}.
 */
final class CacheRequest {
  static final int INVALID = 0;
  static final int GET = 1;
  static final int SET = 2;
  static final int DEL = 3;
  static final int TTL = 4;
  static final int PING = 5;

  int op = INVALID;
  byte[] key;
  byte[] value;
  /** Time to live of a SET in ms, 0 = none. */
  long ttlMs;
}
