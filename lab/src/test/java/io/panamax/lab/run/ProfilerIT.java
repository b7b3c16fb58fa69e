package io.panamax.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --profile}'s machinery against a real JVM: the library comes out of the async-profiler artifact, jcmd
 * loads it into a busy child JVM, and stopping writes a flame graph HTML that names the hot method.
 */
class ProfilerIT {

    @TempDir
    Path dir;

    @Test
    void extractsTheLibraryFromTheArtifact() throws Exception {
        Path lib = Profiler.extractLibrary();
        assertThat(lib).exists();
        byte[] head = Files.readAllBytes(lib);
        assertThat(head.length).isGreaterThan(100_000);
        assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
    }

    @Test
    void rendersTheAgentOptions() {
        assertThat(Profiler.startOptions("itimer")).isEqualTo("start,event=itimer,interval=1ms");
        assertThat(Profiler.stopOptions(Path.of("/r/x.html"))).isEqualTo("stop,file=/r/x.html");
        assertThat(Profiler.load(ProcessHandle.current().pid() + 1_000_000, Path.of("/nope.so"), "start"))
                .isNotNull();
        assertThat(Profiler.perfEventsAllowed(1)).isTrue();
        assertThat(Profiler.perfEventsAllowed(2)).isFalse();
    }

    @Test
    void attachesToARunningJvmAndWritesAFlameGraph() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                BusyLoop.class.getName()).redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(r.readLine()).isEqualTo("busy");
            List<String> notes = new ArrayList<>();
            Path html = dir.resolve("row-panamax-flamegraph.html");
            Profiler p = Profiler.attach(child.pid(), html, notes);
            assertThat(p).as("attach notes: %s", notes).isNotNull();
            Thread.sleep(1500);
            assertThat(p.stop()).as("notes: %s", notes).isTrue();
            assertThat(Files.size(html)).isGreaterThan(10_240);
            // frames are prefix-compressed in the page: the class, and the hot method's name after it
            assertThat(Files.readString(html)).contains("BusyLoop.main", "spin");
            assertThat(notes.getLast()).contains("[row-panamax-flamegraph.html](row-panamax-flamegraph.html)");
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
