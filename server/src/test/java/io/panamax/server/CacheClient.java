package io.panamax.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain-socket cache protocol client for tests: replies are framed as the seed client does, by the closing brace. */
final class CacheClient implements AutoCloseable {
  private final Socket socket = new Socket();
  private final InputStream in;
  private final OutputStream out;

  CacheClient(int port) throws IOException {
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  String call(String json) throws IOException {
    send(json + "\n");
    return read();
  }

  /** Reads one reply object; null at end of stream. */
  String read() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
      }
      b.write(c);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return b.toString(StandardCharsets.UTF_8);
      }
    }
  }

  /** Whether the server closed the connection (reads end of stream). */
  boolean closedByServer() throws IOException {
    return in.read() < 0;
  }

  static String hit(String key, String value) {
    return "{\"status\":\"OK\",\"message\":\"\",\"key\":\"" + key + "\",\"value\":\"" + value + "\"}";
  }

  static final String SET_OK =
      "{\"status\":\"OK\",\"message\":\"Key inserted/updated successfully.\",\"key\":null,\"value\":null}";
  static final String NOT_FOUND = "{\"status\":\"OK\",\"message\":\"Key not found.\",\"key\":null,\"value\":null}";
  static final String INVALID =
      "{\"status\":\"ERROR\",\"message\":\"Invalid request format.\",\"key\":null,\"value\":null}";

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
