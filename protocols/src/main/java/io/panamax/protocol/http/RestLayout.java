package io.panamax.protocol.http;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The {@code LAYOUT} file of a REST data directory: how many shard stores ({@code shard-<i>/}) it holds and whether a
 * re-partition is under way. Text, three lines:
 *
 * <pre>
 * panamax-rest-layout 1
 * shards 2
 * state ready            (or: state rebalancing)
 * </pre>
 *
 * Replaced atomically (write a temporary file, fsync, rename, fsync the directory).
 *
 * @param shards the number of shard stores the keys are partitioned over
 * @param ready false while a re-partition to {@code shards} has not finished (it is redone at the next open)
 */
record RestLayout(int shards, boolean ready) {
    static final String FILE = "LAYOUT";
    private static final String MAGIC = "panamax-rest-layout 1";

    /**
     * Reads the layout of {@code dataDir}.
     *
     * @return null when there is no layout file
     * @throws IOException on I/O failure, or when the file is not a layout this version understands
     */
    static RestLayout read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try {
            if (lines.size() < 3 || !lines.get(0).equals(MAGIC) || !lines.get(1).startsWith("shards ")
                    || !lines.get(2).startsWith("state ")) {
                throw new IllegalArgumentException("unexpected lines");
            }
            int shards = Integer.parseInt(lines.get(1).substring("shards ".length()).trim());
            String state = lines.get(2).substring("state ".length()).trim();
            if (shards < 1 || !(state.equals("ready") || state.equals("rebalancing"))) {
                throw new IllegalArgumentException("shards=" + shards + " state=" + state);
            }
            return new RestLayout(shards, state.equals("ready"));
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable layout file " + file + " (" + e.getMessage() + "): expected '" + MAGIC
                    + "', 'shards N', 'state ready|rebalancing'", e);
        }
    }

    /** Writes this layout to {@code dataDir} atomically and durably. */
    void write(Path dataDir) throws IOException {
        Path tmp = dataDir.resolve(FILE + ".tmp");
        String text = MAGIC + "\nshards " + shards + "\nstate " + (ready ? "ready" : "rebalancing") + "\n";
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(dataDir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
