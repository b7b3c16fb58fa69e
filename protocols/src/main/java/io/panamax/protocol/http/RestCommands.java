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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import io.netty.util.concurrent.EventExecutor;
import io.panamax.transport.HashSlot;
import io.panamax.transport.ShardGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store side of the REST API: runs one routed request against the REST keyspace ({@link RestStores}) and builds
 * its reply. A keyed request runs on the event loop of the shard owning the key (at once when that is the
 * connection's loop, else as a task hopped to it, like RESP's cross-shard batches): reads go straight to the shard's
 * store, lock-free; writes are queued with {@link io.panamax.engine.lsm.LsmStore#writeAsync} and answered when their
 * WAL write is complete per the fsync policy (group commit: one WAL write, and one fsync under {@code always}, for
 * everything queued meanwhile), so a 2xx write reply means durable under that policy and no loop waits for a disk.
 *
 * <p>{@code POST} (create if absent) and {@code DELETE} (404 if absent) check and write on the owner's loop, which
 * serializes them with every other request for the key; writes still in flight count ({@link RestShard}). Listing
 * merges the shard stores in key order on the connection's loop. Values are stored with their content type and ETag
 * hash ({@link StoredValueDescriptor}).
 */
final class RestCommands {
    private static final Logger LOG = LoggerFactory.getLogger(RestCommands.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final String JSON_TEXT_TYPE = "text/plain; charset=utf-8";

    private final RestStores stores;
    private final RestShard[] shards;
    private final RestMetrics metrics;

    /**
     * @throws IllegalArgumentException when the stores are not one per shard
     */
    RestCommands(ShardGroup<?> group, RestStores stores) {
        this(stores, loops(group, stores));
    }

    /** @param loops the event loop of each shard, in shard order (tests pass their own executors) */
    RestCommands(RestStores stores, EventExecutor[] loops) {
        this.stores = stores;
        this.shards = new RestShard[stores.count()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new RestShard(stores.store(i), loops[i]);
        }
        this.metrics = new RestMetrics(stores::stats);
    }

    private static EventExecutor[] loops(ShardGroup<?> group, RestStores stores) {
        if (group.shardCount() != stores.count()) {
            throw new IllegalArgumentException("shards=" + group.shardCount() + " but stores=" + stores.count());
        }
        for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++) { // the stores must route keys as the loops do
            if (group.shardOfSlot(slot) != (int) ((long) slot * stores.count() / HashSlot.SLOT_COUNT)) {
                throw new IllegalStateException("slot table differs from the store partitioning at slot=" + slot);
            }
        }
        EventExecutor[] loops = new EventExecutor[group.shardCount()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = group.loop(i);
        }
        return loops;
    }

    /** See {@link RestStores#failure()}. */
    String storeFailure() {
        return stores.failure();
    }

    RestMetrics metrics() {
        return metrics;
    }

    /**
     * Serves {@code r}, on the calling (connection) loop or the owner shard's loop. Takes over {@code http} (released
     * when done). {@code reply} is called exactly once, on any thread; a store failure is answered 500.
     */
    void execute(RestRequest r, FullHttpRequest http, Consumer<FullHttpResponse> reply) {
        switch (r.route()) {
            case GET_KEY -> onOwner(r.key(), http, reply, shard -> get(shard, r.key(), http, false, reply));
            case HEAD_KEY -> onOwner(r.key(), http, reply, shard -> get(shard, r.key(), http, true, reply));
            case PUT_KEY -> onOwner(r.key(), http, reply, shard -> put(shard, r.key(), http, reply));
            case DELETE_KEY -> onOwner(r.key(), http, reply, shard -> delete(shard, r.key(), reply));
            case CREATE_KEY -> create(http, reply);
            case LIST_KEYS -> local(http, reply, () -> list(r.prefix(), r.start(), r.limit()));
            case METRICS -> local(http, reply, metrics::scrape);
            default -> {
                http.release();
                throw new IllegalArgumentException("route=" + r.route() + " does not use the store");
            }
        }
    }

    /**
     * Serves a GET or HEAD on the calling loop whatever shard owns the key, without the hop to the owner and back: a
     * store read is thread-safe and sees exactly the committed writes, which are the acknowledged ones (a write is
     * visible once in the WAL per the fsync policy, and answered after that). Only for a connection with no earlier
     * request unanswered: one of its own writes could still be queued on the owner, and a read after it must queue
     * there too ({@link #execute}). Writes of other connections still in flight are not seen, which is right: they
     * are not acknowledged yet.
     */
    void readHere(RestRequest r, FullHttpRequest http, Consumer<FullHttpResponse> reply) {
        RestShard shard = shards[stores.shardOf(r.key())];
        if (shard.loop.inEventLoop()) {
            execute(r, http, reply);
            return;
        }
        boolean head = r.route() == RestRoute.HEAD_KEY;
        local(http, reply, () -> getReply(shard.store.get(r.key()), http, head));
    }

    private static void local(FullHttpRequest http, Consumer<FullHttpResponse> reply,
            java.util.function.Supplier<FullHttpResponse> work) {
        FullHttpResponse r;
        try {
            r = work.get();
        } catch (RuntimeException e) {
            LOG.warn("REST request failed: {}", e.toString());
            r = HttpReplies.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Storage error");
        } finally {
            http.release();
        }
        reply.accept(r);
    }

    /** Runs {@code work} on the loop of the shard owning {@code key}; it calls {@code reply} unless it throws. */
    private void onOwner(byte[] key, FullHttpRequest http, Consumer<FullHttpResponse> reply,
            Consumer<RestShard> work) {
        RestShard shard = shards[stores.shardOf(key)];
        Runnable task = () -> {
            boolean replied = false;
            try {
                work.accept(shard);
                replied = true;
            } catch (RuntimeException e) {
                LOG.warn("REST request failed on shard loop: {}", e.toString());
            } finally {
                http.release();
            }
            if (!replied) {
                reply.accept(HttpReplies.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Storage error"));
            }
        };
        if (shard.loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            shard.loop.execute(task);
        } catch (RejectedExecutionException e) { // shutting down
            http.release();
            reply.accept(HttpReplies.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Shutting down"));
        }
    }

    private static void get(RestShard shard, byte[] key, FullHttpRequest http, boolean head,
            Consumer<FullHttpResponse> reply) {
        RestShard.InFlight pending = shard.inFlight(key);
        byte[] stored = pending != null ? pending.stored : shard.store.get(key);
        shard.replyAfter(pending, getReply(stored, http, head), reply);
    }

    private static FullHttpResponse getReply(byte[] stored, FullHttpRequest http, boolean head) {
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

    private static void put(RestShard shard, byte[] key, FullHttpRequest http, Consumer<FullHttpResponse> reply) {
        String type = http.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && type.length() > StoredValueDescriptor.MAX_CONTENT_TYPE_BYTES) {
            reply.accept(HttpReplies.text(HttpResponseStatus.BAD_REQUEST, "Content-Type too long (max "
                    + StoredValueDescriptor.MAX_CONTENT_TYPE_BYTES + " bytes)"));
            return;
        }
        ByteBuf content = http.content();
        byte[] body = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), body);
        byte[] stored = StoredValueDescriptor.encode(type, body, 0, body.length);
        body = null; // a 64 MiB value: let the copy go before the store makes its own
        FullHttpResponse r = HttpReplies.text(HttpResponseStatus.OK, "Key '" + HttpReplies.keyText(key) + "' updated");
        r.headers().set(HttpHeaderNames.ETAG, StoredValueDescriptor.etag(stored));
        shard.write(key, stored, r, reply);
    }

    private static void delete(RestShard shard, byte[] key, Consumer<FullHttpResponse> reply) {
        RestShard.InFlight pending = shard.inFlight(key);
        if (!shard.exists(key, pending)) {
            shard.replyAfter(pending, HttpReplies.text(HttpResponseStatus.NOT_FOUND, HttpReplies.KEY_NOT_FOUND),
                    reply);
            return;
        }
        shard.write(key, null,
                HttpReplies.text(HttpResponseStatus.OK, "Key '" + HttpReplies.keyText(key) + "' deleted"), reply);
    }

    /** Parses the JSON body on the connection's loop (to learn the key), then checks and writes on the owner's. */
    private void create(FullHttpRequest http, Consumer<FullHttpResponse> reply) {
        ByteBuf content = http.content();
        CreateKeyJson.Fields f = null;
        boolean missing = !content.isReadable();
        try {
            if (!missing) {
                f = CreateKeyJson.parse(new ByteBufInputStream(content.duplicate()));
            }
        } catch (RuntimeException e) {
            http.release();
            throw e;
        }
        if (missing || f == null || f.key().isEmpty()) {
            http.release();
            reply.accept(HttpReplies.text(HttpResponseStatus.BAD_REQUEST,
                    missing ? HttpReplies.MISSING_BODY : HttpReplies.INVALID_JSON));
            return;
        }
        String keyText = f.key();
        byte[] key = keyText.getBytes(StandardCharsets.UTF_8);
        byte[] value = f.value().getBytes(StandardCharsets.UTF_8);
        onOwner(key, http, reply, shard -> {
            RestShard.InFlight pending = shard.inFlight(key);
            if (shard.exists(key, pending)) {
                shard.replyAfter(pending, HttpReplies.text(HttpResponseStatus.BAD_REQUEST,
                        "Key '" + keyText + "' already exists"), reply);
                return;
            }
            byte[] stored = StoredValueDescriptor.encode(JSON_TEXT_TYPE, value, 0, value.length);
            FullHttpResponse r = HttpReplies.text(HttpResponseStatus.CREATED, "Key '" + keyText + "' created");
            r.headers().set(HttpHeaderNames.ETAG, StoredValueDescriptor.etag(stored));
            shard.write(key, stored, r, reply);
        });
    }

    /** {@code {"keys":[...],"next":...}}: up to {@code limit} keys in order; next is the key to pass as start. */
    private FullHttpResponse list(byte[] prefix, byte[] start, int limit) {
        byte[] from = start != null && Arrays.compareUnsigned(start, prefix) > 0 ? start : prefix;
        ByteBuf buf = Unpooled.buffer(256);
        try (MergedKeys it = new MergedKeys(stores.iterators(from.length == 0 ? null : from, prefixSuccessor(prefix)));
                JsonGenerator g = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(buf))) {
            g.writeStartObject();
            g.writeArrayFieldStart("keys");
            byte[] next = null;
            int count = 0;
            byte[] key;
            while ((key = it.next()) != null) {
                if (count == limit) {
                    next = key;
                    break;
                }
                g.writeString(HttpReplies.keyText(key));
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
}
