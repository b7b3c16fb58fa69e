package io.panamax.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw RESP connection for tests: sends bytes, reads whole replies as their exact wire bytes. */
final class RawResp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawResp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Encodes {@code args} as a RESP array of bulk strings. */
    static byte[] command(String... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            b.writeBytes(bytes);
            b.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one command and returns its reply as wire text. */
    String call(String... args) throws IOException {
        send(command(args));
        return readReply();
    }

    /** Reads one complete reply (any RESP2/RESP3 type, nested) and returns its exact bytes as text. */
    String readReply() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        readInto(b);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private void readInto(ByteArrayOutputStream b) throws IOException {
        String line = readLine();
        b.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
        char type = line.charAt(0);
        String body = line.substring(1, line.length() - 2);
        switch (type) {
            case '$', '=', '!' -> {
                int len = Integer.parseInt(body);
                if (len >= 0) {
                    b.writeBytes(in.readNBytes(len + 2));
                }
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(body);
                for (int i = 0; i < n; i++) {
                    readInto(b);
                }
            }
            case '%', '|' -> {
                int n = Integer.parseInt(body);
                for (int i = 0; i < 2 * n; i++) {
                    readInto(b);
                }
            }
            default -> { }
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            sb.append((char) c);
            if (c == '\n' && sb.length() >= 2 && sb.charAt(sb.length() - 2) == '\r') {
                return sb.toString();
            }
        }
        throw new java.io.EOFException("connection closed after: " + sb);
    }

    /** True when the server closed the connection (EOF) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
