package io.panamax.blobstore.volume;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory as nginx's {@code autoindex_format json} shows it, so rebuild can crawl our volumes and nginx alike:
 *
 * <pre>
 * [{"name":"sv00","type":"directory","mtime":"Mon, 07 Dec 2026 13:52:31 GMT"},
 *  {"name":"aGVsbG8=","type":"file","mtime":"Mon, 07 Dec 2026 13:52:31 GMT","size":5}]
 * </pre>
 *
 * Entries are sorted by name; names starting with {@code .} (temporary upload files) are left out, as nginx's
 * autoindex does. A type that is neither file nor directory is {@code "other"}. {@code size} is in bytes.
 */
final class DirectoryListing {
    private static final JsonFactory JSON = new JsonFactory();

    private DirectoryListing() {}

    /**
     * @return the UTF-8 JSON bytes
     * @throws IOException when the directory cannot be read (not a directory, gone, permissions)
     */
    static byte[] json(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (!p.getFileName().toString().startsWith(".")) {
                    entries.add(p);
                }
            }
        }
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + entries.size() * 96);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (Path p : entries) {
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (IOException gone) { // removed since the scan, or a dangling link
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("name", p.getFileName().toString());
                g.writeStringField("type", attrs.isDirectory() ? "directory" : attrs.isRegularFile() ? "file" : "other");
                g.writeStringField("mtime", HttpDates.format(attrs.lastModifiedTime().toMillis()));
                if (attrs.isRegularFile()) {
                    g.writeNumberField("size", attrs.size());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }
}
