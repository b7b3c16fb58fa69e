package io.panamax.lab.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.panamax.lab.load.RedisBenchmarkCsv;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileStoreTest {

    static final Path HARDWARE = Path.of("..", "hardware");

    @Test
    void everySeedProfileHasRowsAndParseablePublishedNumbers() {
        List<MachineProfile> seeds = new ProfileStore(HARDWARE).seeds();
        assertThat(seeds).extracting(MachineProfile::id)
                .contains("ryzen-9600x", "m2-air", "c6a-2xlarge", "kvcache-ec2", "mkvss-author-pc",
                        "minikeyvalue-author");
        for (MachineProfile m : seeds) {
            assertThat(m.rows()).as(m.id()).isNotEmpty();
            for (SeedRow r : m.rows()) {
                if (r.isRunnable()) {
                    assertThat(r.params()).as(r.id()).isNotNull();
                } else {
                    assertThat(r.note()).as(r.id()).contains("not runnable yet");
                }
                for (Published p : r.published()) {
                    if (p.csv() != null) {
                        assertThat(RedisBenchmarkCsv.parse(p.csv())).as(r.id() + " " + p.system()).hasSize(2);
                    }
                }
            }
        }
    }

    @Test
    void theMiniKvHeadlineRowIsTheSeedsLiteralCommand() {
        MachineProfile ryzen = ProfileStore.read(HARDWARE.resolve("ryzen-9600x.json"));
        SeedRow r = ryzen.rows().getFirst();
        assertThat(r.command())
                .isEqualTo("redis-benchmark -P 16 -d 1024 --threads 4 -t set,get -n 5000000 -c 200 -r 1000000000000 --csv");
        assertThat(r.params().keyspace()).isEqualTo(1_000_000_000_000L);
        assertThat(RedisBenchmarkCsv.parse(r.published().getFirst().csv()).getFirst().rps()).isEqualTo(3331112.50);
    }

    @Test
    void readsCoresFromCpuinfo() {
        String cpuinfo = "processor\t: 0\nphysical id\t: 0\ncore id\t: 0\n\nprocessor\t: 1\nphysical id\t: 0\ncore id\t: 0\n"
                + "\nprocessor\t: 2\nphysical id\t: 0\ncore id\t: 1\n";
        assertThat(HostProbe.physicalCores(cpuinfo, 9)).isEqualTo(2);
        assertThat(HostProbe.physicalCores("", 9)).isEqualTo(9);
        assertThat(HostProbe.memTotalBytes("MemTotal:       24684092 kB\n")).isEqualTo(24684092L * 1024);
    }
}
