package io.panamax.protocol.cache;

import io.netty.buffer.ByteBuf;

/**
 * Finds complete JSON objects in a connection's byte stream: skips whitespace between requests, then tracks brace
 * and bracket depth outside strings (and escapes inside them) until the depth returns to zero. Resumable: bytes
 * already scanned are not scanned again when more arrive, so an object split over many reads costs one pass.
 *
 * <p>Anything that does not start with <code>{</code> is a garbage line, ended by {@code \n}: reported as
 * {@link #GARBAGE} so the connection answers one error and stays usable. An object or line longer than the limit is
 * {@link #TOO_LARGE} (framing lost: the caller answers and closes). Syntax inside an object is the {@link
 * CacheRequestDecoder}'s business.
 */
final class CacheFrameDecoder {
  /** Status: no complete frame yet. */
  static final int NEED_MORE = 0;
  /** Status: a complete object of {@link #frameLength()} bytes starts at the reader index. */
  static final int OBJECT = 1;
  /** Status: a line of {@link #frameLength()} bytes (through its {@code \n}) that is not an object. */
  static final int GARBAGE = 2;
  /** Status: the frame passed the size limit. */
  static final int TOO_LARGE = 3;

  private final int maxFrameBytes;
  private int scanned;
  private int depth;
  private boolean inString;
  private boolean escaped;
  private boolean garbage;
  private int frameLength;

  /** @param maxFrameBytes largest object (or garbage line) accepted, {@code >= 2}. */
  CacheFrameDecoder(int maxFrameBytes) {
    if (maxFrameBytes < 2) {
      throw new IllegalArgumentException("maxFrameBytes=" + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Length of the frame the last {@link #OBJECT} or {@link #GARBAGE} status names. */
  int frameLength() {
    return frameLength;
  }

  /**
   * Looks for the next frame at {@code in}'s reader index, first skipping (consuming) whitespace between frames.
   *
   * @return {@link #NEED_MORE}, {@link #OBJECT}, {@link #GARBAGE} or {@link #TOO_LARGE}; the frame itself is not
   *     consumed.
   */
  int decode(ByteBuf in) {
    if (scanned == 0) {
      while (in.isReadable() && isWhitespace(in.getByte(in.readerIndex()))) {
        in.skipBytes(1);
      }
      if (!in.isReadable()) {
        return NEED_MORE;
      }
      garbage = in.getByte(in.readerIndex()) != '{';
    }
    int start = in.readerIndex();
    int end = in.writerIndex();
    if (garbage) {
      int newline = in.indexOf(start + scanned, end, (byte) '\n');
      if (newline < 0) {
        scanned = end - start;
        return scanned > maxFrameBytes ? TOO_LARGE : NEED_MORE;
      }
      return frame(newline + 1 - start, GARBAGE);
    }
    for (int i = start + scanned; i < end; i++) {
      byte b = in.getByte(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if ((b == '}' || b == ']') && --depth == 0) {
        return frame(i + 1 - start, OBJECT);
      }
      if (i - start >= maxFrameBytes) {
        return TOO_LARGE;
      }
    }
    scanned = end - start;
    return scanned > maxFrameBytes ? TOO_LARGE : NEED_MORE;
  }

  private int frame(int length, int status) {
    frameLength = length;
    scanned = 0;
    depth = 0;
    inString = false;
    escaped = false;
    garbage = false;
    return length > maxFrameBytes ? TOO_LARGE : status;
  }

  static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
