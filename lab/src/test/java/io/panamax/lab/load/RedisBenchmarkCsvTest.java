package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisBenchmarkCsvTest {

    static final String SEED_CSV = """
            # redis-benchmark -P 16 -d 1024 --threads 4 -t set,get -n 5000000 -c 200 -r 1000000000000 --csv
            "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
            "SET","3331112.50","0.862","0.008","0.383","3.319","4.039","4.903"
            "GET","4995005.00","0.524","0.008","0.311","1.743","2.023","3.655"
            """;

    @Test
    void parsesEveryTestLineAndSkipsHeaderAndComments() {
        List<LoadResult> r = RedisBenchmarkCsv.parse(SEED_CSV);
        assertThat(r).extracting(LoadResult::test).containsExactly("SET", "GET");
        assertThat(r.get(0).rps()).isEqualTo(3331112.50);
        assertThat(r.get(0).avgMs()).isEqualTo(0.862);
        assertThat(r.get(0).minMs()).isEqualTo(0.008);
        assertThat(r.get(0).p50Ms()).isEqualTo(0.383);
        assertThat(r.get(0).p95Ms()).isEqualTo(3.319);
        assertThat(r.get(0).p99Ms()).isEqualTo(4.039);
        assertThat(r.get(0).maxMs()).isEqualTo(4.903);
        assertThat(r.get(1).p99Ms()).isEqualTo(2.023);
    }

    @Test
    void reportsNoP999BecauseTheFormatHasNone() {
        assertThat(RedisBenchmarkCsv.parse(SEED_CSV).get(0).p999Ms()).isNaN();
    }

    @Test
    void acceptsWindowsLineEndsAndBlankLines() {
        String csv = SEED_CSV.replace("\n", "\r\n") + "\r\n\r\n";
        assertThat(RedisBenchmarkCsv.parse(csv)).hasSize(2);
    }

    @Test
    void writesWhatItParses() {
        List<LoadResult> r = RedisBenchmarkCsv.parse(SEED_CSV);
        String written = RedisBenchmarkCsv.write(r);
        assertThat(written).startsWith(RedisBenchmarkCsv.HEADER + "\n");
        List<LoadResult> again = RedisBenchmarkCsv.parse(written);
        assertThat(again).hasSize(2);
        assertThat(again.get(1).rps()).isCloseTo(4995005.00, within(0.01));
        assertThat(again.get(1).maxMs()).isEqualTo(3.655);
    }
}
