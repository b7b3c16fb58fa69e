package io.panamax.protocol.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.panamax.engine.lsm.LsmIterator;
import io.panamax.engine.lsm.LsmStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store side of the REST API: runs one routed request against the {@link LsmStore} and builds its reply. Called
 * on a worker thread, never on an event loop (a write waits for its WAL group commit, and for the fsync under
 * {@code --fsync always}): a 2xx write reply means the write is in the WAL per the store's fsync policy.
 *
 * <p>Writes to one key are serialized by a striped lock so that {@code POST} (create if absent) and {@code DELETE}
 * (404 if absent) check and write atomically with respect to other writers of that key; reads take no lock.
 * Values are stored with their content type and ETag hash ({@link StoredValueDescriptor}).
 */
final class RestCommands {
    private static final int LOCK_STRIPES = 1024;
    private static final JsonFactory JSON = new JsonFactory();
    private static final String JSON_TEXT_TYPE = "text/plain; charset=utf-8";

    private final LsmStore store;
    private final RestMetrics metrics;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    RestCommands(LsmStore store) {
        this.store = store;
        this.metrics = new RestMetrics(store::stats);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    RestMetrics metrics() {
        return metrics;
    }

    /**
     * Serves {@code r}; {@code http} is read but not released.
     *
     * @throws RuntimeException from the store (I/O failure, store closed): the caller answers 500
     */
    FullHttpResponse execute(RestRequest r, FullHttpRequest http) {
        return switch (r.route()) {
            case GET_KEY -> get(r.key(), http, false);
            case HEAD_KEY -> get(r.key(), http, true);
            case PUT_KEY -> put(r.key(), http);
            case DELETE_KEY -> delete(r.key());
            case CREATE_KEY -> create(http.content());
            case LIST_KEYS -> list(r.prefix(), r.start(), r.limit());
            case METRICS -> metrics.scrape();
            default -> throw new IllegalArgumentException("route=" + r.route() + " does not use the store");
        };
    }

    private FullHttpResponse get(byte[] key, FullHttpRequest http, boolean head) {
        byte[] stored = store.get(key);
        if (stored == null) {
            return head
                    ? HttpReplies.headOnly(HttpResponseStatus.NOT_FOUND, HttpReplies.KEY_NOT_FOUND.length(),
                            HttpReplies.TEXT_PLAIN)
                    : HttpReplies.text(HttpResponseStatus.NOT_FOUND, HttpReplies.KEY_NOT_FOUND);
        }
        if (!StoredValueDescriptor.isValid(stored)) { // not written through this API: serve the raw bytes
            return head
                    ? HttpReplies.headOnly(HttpResponseStatus.OK, stored.length, HttpReplies.OCTET_STREAM)
                    : HttpReplies.body(HttpResponseStatus.OK, Unpooled.wrappedBuffer(stored),
                            HttpReplies.OCTET_STREAM);
        }
        String etag = StoredValueDescriptor.etag(stored);
        String ifNoneMatch = http.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null && EntityTags.matches(ifNoneMatch, etag)) {
            FullHttpResponse r = HttpReplies.headOnly(HttpResponseStatus.NOT_MODIFIED, 0, null);
            r.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            r.headers().set(HttpHeaderNames.ETAG, etag);
            return r;
        }
        String type = StoredValueDescriptor.contentType(stored);
        CharSequence contentType = type == null ? HttpReplies.OCTET_STREAM : type;
        int offset = StoredValueDescriptor.bodyOffset(stored);
        FullHttpResponse r = head
                ? HttpReplies.headOnly(HttpResponseStatus.OK, stored.length - offset, contentType)
                : HttpReplies.body(HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(stored, offset, stored.length - offset), contentType);
        r.headers().set(HttpHeaderNames.ETAG, etag);
        return r;
    }

    private FullHttpResponse put(byte[] key, FullHttpRequest http) {
        String type = http.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && type.length() > StoredValueDescriptor.MAX_CONTENT_TYPE_BYTES) {
            return HttpReplies.text(HttpResponseStatus.BAD_REQUEST, "Content-Type too long (max "
                    + StoredValueDescriptor.MAX_CONTENT_TYPE_BYTES + " bytes)");
        }
        ByteBuf content = http.content();
        byte[] body = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), body);
        byte[] stored = StoredValueDescriptor.encode(type, body, 0, body.length);
        body = null; // a 64 MiB value: let the copy go before the store makes its own
        ReentrantLock lock = lockOf(key);
        lock.lock();
        try {
            store.put(key, stored);
        } finally {
            lock.unlock();
        }
        FullHttpResponse r = HttpReplies.text(HttpResponseStatus.OK, "Key '" + HttpReplies.keyText(key) + "' updated");
        r.headers().set(HttpHeaderNames.ETAG, StoredValueDescriptor.etag(stored));
        return r;
    }

    private FullHttpResponse delete(byte[] key) {
        ReentrantLock lock = lockOf(key);
        lock.lock();
        try {
            if (store.get(key) == null) {
                return HttpReplies.text(HttpResponseStatus.NOT_FOUND, HttpReplies.KEY_NOT_FOUND);
            }
            store.delete(key);
        } finally {
            lock.unlock();
        }
        return HttpReplies.text(HttpResponseStatus.OK, "Key '" + HttpReplies.keyText(key) + "' deleted");
    }

    private FullHttpResponse create(ByteBuf content) {
        if (!content.isReadable()) {
            return HttpReplies.text(HttpResponseStatus.BAD_REQUEST, HttpReplies.MISSING_BODY);
        }
        CreateKeyJson.Fields f = CreateKeyJson.parse(new ByteBufInputStream(content.duplicate()));
        if (f == null || f.key().isEmpty()) {
            return HttpReplies.text(HttpResponseStatus.BAD_REQUEST, HttpReplies.INVALID_JSON);
        }
        byte[] key = f.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = f.value().getBytes(StandardCharsets.UTF_8);
        byte[] stored = StoredValueDescriptor.encode(JSON_TEXT_TYPE, value, 0, value.length);
        ReentrantLock lock = lockOf(key);
        lock.lock();
        try {
            if (store.get(key) != null) {
                return HttpReplies.text(HttpResponseStatus.BAD_REQUEST, "Key '" + f.key() + "' already exists");
            }
            store.put(key, stored);
        } finally {
            lock.unlock();
        }
        FullHttpResponse r = HttpReplies.text(HttpResponseStatus.CREATED, "Key '" + f.key() + "' created");
        r.headers().set(HttpHeaderNames.ETAG, StoredValueDescriptor.etag(stored));
        return r;
    }

    /** {@code {"keys":[...],"next":...}}: up to {@code limit} keys in order; next is the key to pass as start. */
    private FullHttpResponse list(byte[] prefix, byte[] start, int limit) {
        byte[] from = start != null && Arrays.compareUnsigned(start, prefix) > 0 ? start : prefix;
        ByteBuf buf = Unpooled.buffer(256);
        try (LsmIterator it = store.iterator(from.length == 0 ? null : from, prefixSuccessor(prefix));
                JsonGenerator g = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(buf))) {
            g.writeStartObject();
            g.writeArrayFieldStart("keys");
            byte[] next = null;
            int count = 0;
            while (it.next()) {
                if (count == limit) {
                    next = it.keyBytes();
                    break;
                }
                g.writeString(HttpReplies.keyText(it.keyBytes()));
                count++;
            }
            g.writeEndArray();
            if (next == null) {
                g.writeNullField("next");
            } else {
                g.writeStringField("next", HttpReplies.keyText(next));
            }
            g.writeEndObject();
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return HttpReplies.body(HttpResponseStatus.OK, buf, HttpReplies.JSON);
    }

    /** Smallest key greater than every key starting with {@code prefix}; null when there is none (no bound). */
    static byte[] prefixSuccessor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    private ReentrantLock lockOf(byte[] key) {
        int h = Arrays.hashCode(key);
        return locks[(h ^ (h >>> 16)) & (LOCK_STRIPES - 1)];
    }
}
