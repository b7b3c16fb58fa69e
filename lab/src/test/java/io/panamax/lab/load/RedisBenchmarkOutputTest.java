package io.panamax.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisBenchmarkOutputTest {

    static final String OUTPUT = "SET: rps=0.0 (overall: nan) avg_msec=nan (overall: nan)\r"
            + "SET: rps=344827.6 (overall: 344827.6) avg_msec=1.571 (overall: 1.571)\r"
            + """
            ====== SET ======
              20000 requests completed in 0.06 seconds
              50 parallel clients
              64 bytes payload
              keep alive: 1
              multi-thread: yes
              threads: 1

            Latency by percentile distribution:
            0.000% <= 0.295 milliseconds (cumulative count 16)
            50.000% <= 1.367 milliseconds (cumulative count 10048)
            99.805% <= 5.687 milliseconds (cumulative count 19968)
            99.902% <= 5.711 milliseconds (cumulative count 19984)
            100.000% <= 5.743 milliseconds (cumulative count 20000)

            Cumulative distribution of latencies:
            0.000% <= 0.103 milliseconds (cumulative count 0)
            100.000% <= 6.103 milliseconds (cumulative count 20000)

            Summary:
              throughput summary: 344827.59 requests per second
              latency summary (msec):
                      avg       min       p50       p95       p99       max
                    1.571     0.288     1.367     4.423     5.471     5.743
            ====== GET ======
              20000 requests completed in 0.06 seconds
            Latency by percentile distribution:
            0.000% <= 0.519 milliseconds (cumulative count 16)
            100.000% <= 5.687 milliseconds (cumulative count 20000)
            Summary:
              throughput summary: 312500.00 requests per second
              latency summary (msec):
                      avg       min       p50       p95       p99       max
                    1.643     0.512     1.223     4.023     4.663     5.687
            """;

    @Test
    void parsesSummaryOfEveryTest() {
        List<LoadResult> r = RedisBenchmarkOutput.parse(OUTPUT);
        assertThat(r).extracting(LoadResult::test).containsExactly("SET", "GET");
        LoadResult set = r.get(0);
        assertThat(set.requests()).isEqualTo(20000);
        assertThat(set.rps()).isEqualTo(344827.59);
        assertThat(set.avgMs()).isEqualTo(1.571);
        assertThat(set.p50Ms()).isEqualTo(1.367);
        assertThat(set.p99Ms()).isEqualTo(5.471);
        assertThat(set.maxMs()).isEqualTo(5.743);
        assertThat(r.get(1).rps()).isEqualTo(312500.00);
    }

    @Test
    void takesP999FromTheFirstPrintedPercentileAtOrAboveIt() {
        assertThat(RedisBenchmarkOutput.parse(OUTPUT).get(0).p999Ms()).isEqualTo(5.711);
        assertThat(RedisBenchmarkOutput.parse(OUTPUT).get(1).p999Ms()).isEqualTo(5.687);
    }

    @Test
    void rebuildsAHistogramHoldingEveryRequest() {
        LoadResult set = RedisBenchmarkOutput.parse(OUTPUT).get(0);
        assertThat(set.histogram().getTotalCount()).isEqualTo(20000);
        assertThat(set.histogram().getMaxValue()).isBetween(5735L, 5750L);
    }

    @Test
    void ignoresProgressLinesAndUnrelatedText() {
        assertThat(RedisBenchmarkOutput.parse("SET: rps=1.0\rGET: rps=2.0\rnothing here\n")).isEmpty();
    }
}
