package io.panamax.blobstore.volume;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One PUT body on its way to disk: written to a hidden temporary file ({@code .put-<random>.tmp}) in the target's
 * directory and renamed over the target when the body is complete, so readers see the old file or the new one,
 * never a part. An aborted upload deletes its temporary file. Not thread-safe: one connection's loop.
 */
final class PutSink {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;

    private PutSink(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /**
     * Creates the parent directories and the temporary file.
     *
     * @throws java.nio.file.FileAlreadyExistsException when a parent path is a file (answer 409)
     * @throws IOException on other I/O failures
     */
    static PutSink open(Path target) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(".put-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new PutSink(target, temp, ch);
    }

    /** Appends the readable bytes of {@code content} (its reader index is left alone). */
    void write(ByteBuf content) throws IOException {
        if (!content.isReadable()) {
            return;
        }
        for (ByteBuffer b : content.nioBuffers()) {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    /**
     * Closes the temporary file and renames it over the target.
     *
     * @return true when the target existed before (an overwrite: 204), false when it is new (201)
     */
    boolean commit() throws IOException {
        channel.close();
        boolean existed = Files.exists(target);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return existed;
    }

    /** Drops the upload: closes and deletes the temporary file (best effort). */
    void abort() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a leftover hidden temp file is invisible to listings and GET
        }
    }
}
