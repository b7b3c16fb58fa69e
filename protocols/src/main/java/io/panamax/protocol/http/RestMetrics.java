package io.panamax.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.panamax.engine.lsm.LsmStats;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The REST listener's metrics in the Prometheus text format (exposition format 0.0.4, written by the Prometheus Java
 * client): {@code panamax_http_requests_total{route,status}} and the LSM store's counters and gauges
 * ({@code panamax_lsm_*}), read from one {@link LsmStats} snapshot per scrape. Thread-safe.
 */
final class RestMetrics {
    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 599;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    /** Data point per route and status, filled lazily: labelValues looks a map up, this is an array read. */
    private final CounterDataPoint[][] points =
            new CounterDataPoint[RestRoute.values().length][MAX_STATUS - MIN_STATUS + 1];
    private final Supplier<LsmStats> statsSource;
    private volatile LsmStats stats;

    /** @param statsSource called once per scrape, on the thread serving {@code /metrics} */
    RestMetrics(Supplier<LsmStats> statsSource) {
        this.statsSource = statsSource;
        this.requests = Counter.builder()
                .name("panamax_http_requests_total")
                .help("REST requests answered, by route and status code")
                .labelNames("route", "status")
                .withoutExemplars()
                .register(registry);
        counter("panamax_lsm_flushes_total", "Memtables flushed to level 0", LsmStats::flushCount);
        counter("panamax_lsm_compactions_total", "Compactions installed", LsmStats::compactionCount);
        counter("panamax_lsm_compaction_written_bytes_total", "SSTable bytes written by compaction",
                LsmStats::compactionBytesWritten);
        counter("panamax_lsm_write_stalls_total", "Writer waits for flush or compaction", LsmStats::stallCount);
        counter("panamax_lsm_wal_written_bytes_total", "Bytes appended to the WAL since open", LsmStats::walBytes);
        counter("panamax_lsm_wal_syncs_total", "WAL fsyncs", LsmStats::walSyncCount);
        counter("panamax_lsm_wal_sync_seconds_total", "Time spent in WAL fsyncs of write groups (--fsync always)",
                s -> s.walSyncMicros() / 1e6);
        counter("panamax_lsm_write_groups_total", "Write groups committed (one WAL write each)",
                LsmStats::writeGroups);
        counter("panamax_lsm_write_batches_total", "Write batches committed", LsmStats::batchesWritten);
        gauge("panamax_lsm_memtable_bytes", "Arena bytes used by the mutable memtable", LsmStats::memtableBytes);
        gauge("panamax_lsm_immutable_memtables", "Full memtables waiting for flush", LsmStats::immutableMemtables);
        gauge("panamax_lsm_last_sequence", "Sequence number of the newest visible write", LsmStats::lastSequence);
        GaugeWithCallback.builder()
                .name("panamax_lsm_level_files")
                .help("SSTables per level")
                .labelNames("level")
                .callback(cb -> forEachLevel((level, s) -> cb.call(s.fileCount(), level)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("panamax_lsm_level_bytes")
                .help("SSTable bytes per level")
                .labelNames("level")
                .callback(cb -> forEachLevel((level, s) -> cb.call(s.sizeBytes(), level)))
                .register(registry);
    }

    /** Counts one answered request. */
    void count(RestRoute route, int status) {
        int s = status < MIN_STATUS || status > MAX_STATUS ? MAX_STATUS : status;
        CounterDataPoint p = points[route.ordinal()][s - MIN_STATUS];
        if (p == null) { // racy fill is fine: labelValues returns the same data point for the same labels
            p = requests.labelValues(route.label, Integer.toString(s));
            points[route.ordinal()][s - MIN_STATUS] = p;
        }
        p.inc();
    }

    /** Reads the store's stats and renders every metric as a 200 reply. May block briefly on the store. */
    FullHttpResponse scrape() {
        stats = statsSource.get();
        ByteBuf buf = Unpooled.buffer(4096);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        }
        return HttpReplies.body(HttpResponseStatus.OK, buf, writer.getContentType());
    }

    private void counter(String name, String help, ToDoubleFunction<LsmStats> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> {
                    LsmStats s = stats;
                    if (s != null) {
                        cb.call(value.applyAsDouble(s));
                    }
                })
                .register(registry);
    }

    private void gauge(String name, String help, ToDoubleFunction<LsmStats> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> {
                    LsmStats s = stats;
                    if (s != null) {
                        cb.call(value.applyAsDouble(s));
                    }
                })
                .register(registry);
    }

    private void forEachLevel(java.util.function.BiConsumer<String, LsmStats.LevelStats> sink) {
        LsmStats s = stats;
        if (s != null) {
            for (int l = 0; l < s.levels().size(); l++) {
                sink.accept(Integer.toString(l), s.levels().get(l));
            }
        }
    }
}
