package io.panamax.lab.hardware;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Numbers a seed published for one system on one row.
 *
 * @param system the system measured (e.g. {@code mini-kv}, {@code valkey})
 * @param csv redis-benchmark {@code --csv} output verbatim, when the seed published that
 * @param values other published values by name (units in the name: {@code meanUs}, {@code rps1Worker})
 * @param note caveats
 * @param compareTest the lab test (upper case, e.g. {@code CYCLE}) whose median rate the report sets beside this
 *     figure's {@code opsPerSec} or {@code rps} value (or its {@code opsPerSecLow}..{@code opsPerSecHigh} range);
 *     null = listed only
 * @param measuredHere true when the figure was measured on this machine kind (not side by side with the lab's run),
 *     null or false when it is the seed's own, from the seed's machine
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Published(
        String system, String csv, Map<String, Double> values, String note, String compareTest, Boolean measuredHere) {

    /** A figure the seed published, listed only. */
    public Published(String system, String csv, Map<String, Double> values, String note) {
        this(system, csv, values, note, null, null);
    }

    /** Whether this figure was measured on this machine kind rather than on the seed's machine. */
    public boolean isMeasuredHere() {
        return Boolean.TRUE.equals(measuredHere);
    }
}
