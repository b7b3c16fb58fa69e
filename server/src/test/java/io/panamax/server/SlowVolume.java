package io.panamax.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A volume that stalls: it reads a PUT's headers, then reads nothing until {@link #release()}, then drains the
 * body and answers 201. For the backpressure test: while it stalls, the master must stop reading the client.
 */
final class SlowVolume implements AutoCloseable {
    final ServerSocket server;
    final CountDownLatch headersRead = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    final AtomicLong bodyBytes = new AtomicLong();
    private final Thread thread;

    SlowVolume() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().daemon().name("slow-volume").start(this::serve);
    }

    String address() {
        return "localhost:" + server.getLocalPort();
    }

    void release() {
        released.countDown();
    }

    private void serve() {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            String headers = readHeaders(in);
            long length = -1;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).strip());
                }
            }
            headersRead.countDown();
            released.await();
            byte[] buf = new byte[1 << 16];
            while (bodyBytes.get() < length) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, length - bodyBytes.get()));
                if (n < 0) {
                    return;
                }
                bodyBytes.addAndGet(n);
            }
            s.getOutputStream().write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.getInputStream().read(); // until the master closes or the test ends
        } catch (IOException | InterruptedException e) {
            // test over
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            byte[] sofar = out.toByteArray();
            int n = sofar.length;
            if (n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r' && sofar[n - 1] == '\n') {
                break;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        server.close();
        thread.interrupt();
    }
}
