package io.panamax.lab.hardware;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes the {@code hardware/*.json} machine profiles. */
public final class ProfileStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    /** @param dir the {@code hardware/} directory */
    public ProfileStore(Path dir) {
        this.dir = dir;
    }

    /** Every profile in the directory, sorted by id; throws {@link UncheckedIOException} on unreadable files. */
    public List<MachineProfile> all() {
        List<MachineProfile> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.add(read(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list profiles dir=" + dir, e);
        }
        out.sort(Comparator.comparing(MachineProfile::id));
        return out;
    }

    /** The seed profiles only. */
    public List<MachineProfile> seeds() {
        return all().stream().filter(p -> "seed".equals(p.kind())).toList();
    }

    /** Parses one profile file. */
    public static MachineProfile read(Path file) {
        try {
            return JSON.readValue(file.toFile(), MachineProfile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("bad profile file=" + file, e);
        }
    }

    /** Writes {@code profile} to {@code <dir>/<id>.json} and returns the path. */
    public Path write(MachineProfile profile) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(profile.id() + ".json");
        Files.writeString(file, JSON.writeValueAsString(profile) + "\n");
        return file;
    }
}
