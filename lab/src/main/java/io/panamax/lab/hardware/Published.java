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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Published(String system, String csv, Map<String, Double> values, String note) {}
