package io.panamax.blobstore.master;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.panamax.blobstore.BlobIndex;
import io.panamax.blobstore.PercentCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /prefix?list[&limit=N][&start=K]} and {@code ?unlinked}: {@code {"next":"…","keys":[…]}} with the full
 * keys under the prefix in byte order (live ones, or unlinked ones), as Go's {@code QueryHandler}. The operation is
 * the first query parameter and must be exactly {@code list} or {@code unlinked} (else 403). {@code limit}: at most
 * that many keys, {@code <= 0} = all (413 past {@link BlobIndex#MAX_LISTED_KEYS}), not an integer = 400.
 * {@code start}: inclusive, form-decoded ({@code +} is a space), clamped into the prefix (Go lets a start before the
 * prefix list keys outside it). {@code next} is the first key not returned, {@code ""} when done. Keys are shown as
 * UTF-8 (invalid bytes become U+FFFD, as Go's JSON encoder does). The scan runs off the event loop.
 */
final class ListCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ListCommand.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final BlobIndex index;
    private final ExecutorService blocking;

    ListCommand(BlobIndex index, ExecutorService blocking) {
        this.index = index;
        this.blocking = blocking;
    }

    void handle(MasterRequest r, Exchange ex) {
        String[] params = r.rawQuery().split("&", -1);
        boolean unlinked;
        switch (params[0]) {
            case "list" -> unlinked = false;
            case "unlinked" -> unlinked = true;
            default -> {
                ex.respond(MasterReplies.empty(HttpResponseStatus.FORBIDDEN));
                return;
            }
        }
        int limit = 0;
        byte[] start = null;
        for (int i = 1; i < params.length; i++) {
            String p = params[i];
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            if (name.equals("limit") && !value.isEmpty()) {
                try {
                    limit = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    ex.respond(MasterReplies.empty(HttpResponseStatus.BAD_REQUEST));
                    return;
                }
            } else if (name.equals("start") && !value.isEmpty()) {
                start = PercentCodec.decode(value, 0, value.length(), true);
                if (start == null) {
                    ex.respond(MasterReplies.empty(HttpResponseStatus.BAD_REQUEST));
                    return;
                }
            }
        }
        int max = limit;
        byte[] from = start;
        blocking.execute(() -> {
            BlobIndex.Page page;
            try {
                page = index.list(r.key(), from, max, unlinked);
            } catch (RuntimeException e) {
                LOG.error("listing failed: {}", e.getMessage());
                ex.loop().execute(() -> ex.respond(MasterReplies.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR)));
                return;
            }
            byte[] json = page.tooMany() ? null : json(page);
            ex.loop().execute(() -> ex.respond(json == null
                    ? MasterReplies.empty(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE) : MasterReplies.json(json)));
        });
    }

    static byte[] json(BlobIndex.Page page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + page.keys().size() * 32);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("next", page.next() == null ? "" : BlobIndex.keyText(page.next()));
            g.writeArrayFieldStart("keys");
            for (byte[] k : page.keys()) {
                g.writeString(BlobIndex.keyText(k));
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }
}
