package io.panamax.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.panamax.engine.lsm.LsmConfig;
import io.panamax.engine.lsm.LsmStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Real LSM stores (two shards) in a temp dir behind the REST pipeline on EmbeddedChannels. The test thread is every
 * shard's loop; store completions queue on {@link TestLoop}s that {@link #write} pumps until the connection has
 * answered everything it received.
 */
final class RestHarness implements AutoCloseable {
    static final int SHARDS = 2;
    private static final TestLoop[] LOOPS = new TestLoop[SHARDS];
    final RestStores stores;
    final LsmStore store;
    final RestCommands commands;
    final HttpLimits limits;

    RestHarness(Path dir, HttpLimits limits) {
        this.stores = RestStores.open(dir, SHARDS, LsmConfig.defaults().withSizes(1 << 20, 1 << 20, 1 << 20));
        this.store = stores.store(0);
        for (int i = 0; i < SHARDS; i++) {
            LOOPS[i] = new TestLoop();
        }
        this.commands = new RestCommands(stores, LOOPS.clone());
        this.limits = limits;
    }

    /** The store owning {@code key}. */
    LsmStore storeOf(byte[] key) {
        return stores.store(stores.shardOf(key));
    }

    EmbeddedChannel channel() {
        return new EmbeddedChannel(new RestChannelInitializer(limits, commands, ch -> { }));
    }

    /** One parsed response. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static void write(EmbeddedChannel ch, String raw) {
        write(ch, raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    static void write(EmbeddedChannel ch, byte[] raw) {
        ch.writeInbound(Unpooled.wrappedBuffer(raw));
        pump(ch);
    }

    /** Runs store completions and channel tasks until the connection has no unanswered request (at most 10 s). */
    static void pump(EmbeddedChannel ch) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try {
            for (; ; ) {
                ch.runPendingTasks();
                HttpConnection c = ch.pipeline().get(HttpConnection.class);
                if (c == null || c.pendingReplies() == 0 || System.nanoTime() > deadline) {
                    return;
                }
                for (TestLoop loop : LOOPS) {
                    if (loop != null) {
                        loop.runPending(1);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** All bytes written to the client so far. */
    static byte[] outbound(EmbeddedChannel ch) {
        ch.runPendingTasks();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            b.release();
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    /** Sends {@code raw} and parses every response; {@code headCount} leading... see {@link #parse}. */
    static List<Response> exchange(EmbeddedChannel ch, String raw) {
        write(ch, raw);
        return parse(outbound(ch), raw.startsWith("HEAD"));
    }

    static Response one(EmbeddedChannel ch, String raw) {
        List<Response> r = exchange(ch, raw);
        if (r.size() != 1) {
            throw new AssertionError("expected one response, got " + r.size());
        }
        return r.getFirst();
    }

    /** Parses responses by Content-Length; 1xx, 304 and (when {@code head}) every response have no body. */
    static List<Response> parse(byte[] raw, boolean head) {
        List<Response> out = new ArrayList<>();
        int pos = 0;
        while (pos < raw.length) {
            int end = indexOf(raw, pos);
            String[] lines = new String(raw, pos, end - pos, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
            }
            pos = end + 4;
            int length = head || status == 304 || status < 200 ? 0
                    : Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = java.util.Arrays.copyOfRange(raw, pos, pos + length);
            pos += length;
            out.add(new Response(status, headers, body));
        }
        return out;
    }

    private static int indexOf(byte[] raw, int from) {
        for (int i = from; i + 3 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no end of headers in: " + new String(raw, from, raw.length - from,
                StandardCharsets.ISO_8859_1));
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    static String put(String path, String body) {
        return "PUT " + path + " HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body;
    }

    static String post(String body) {
        return "POST /keys HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    static String delete(String path) {
        return "DELETE " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    @Override
    public void close() {
        stores.close();
    }
}
