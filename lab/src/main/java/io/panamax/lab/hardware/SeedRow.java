package io.panamax.lab.hardware;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A benchmark row exactly as a seed ran it.
 *
 * @param matrix matrix name ({@code minikv}, {@code kvcache}, {@code rkv}, …)
 * @param id row id, unique within the matrix
 * @param title human title
 * @param tool {@code redis-benchmark}, {@code resp-load} (the lab's RESP generator) or {@code cache-load}
 * @param command the seed's literal command line
 * @param params the row's parameters before scaling
 * @param published the numbers the seed published for this row, one entry per system
 * @param note free text
 * @param runnable false for rows kept as published data only (the system they need has not landed); null = true
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SeedRow(
        String matrix,
        String id,
        String title,
        String tool,
        String command,
        RowParams params,
        List<Published> published,
        String note,
        Boolean runnable) {

    public SeedRow {
        published = published == null ? List.of() : List.copyOf(published);
    }

    /** Whether {@code lab run} can execute this row here (false: published data only). */
    public boolean isRunnable() {
        return !Boolean.FALSE.equals(runnable);
    }
}
