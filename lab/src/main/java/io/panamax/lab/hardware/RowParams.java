package io.panamax.lab.hardware;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Parameters of one benchmark row, in redis-benchmark's vocabulary; null means "tool default".
 *
 * @param pipeline requests in flight per connection ({@code -P})
 * @param dataSize value size in bytes ({@code -d})
 * @param threads client threads ({@code --threads})
 * @param tests tests to run ({@code -t}, lower case), or {@code mix} for a SET/GET mix
 * @param requests total requests per test ({@code -n})
 * @param clients connections ({@code -c})
 * @param keyspace random key space ({@code -r}); may exceed 32 bits as some seeds published it
 * @param setRatio fraction of SETs in a {@code mix} test
 * @param rate open-loop target rate in requests per second, null for closed loop
 * @param protocol {@code resp} (default) or {@code cache}
 * @param preload whether the key space is written before a GET-only test
 * @param peerProtocol protocol the peers speak when it differs from Panamax's ({@code resp} for the cache row:
 *     Panamax's cache protocol vs redis-server's RESP with the same mix); null = {@code protocol}
 * @param durationS timed tools (wrk): seconds per test, instead of a request count
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RowParams(
        Integer pipeline,
        Integer dataSize,
        Integer threads,
        List<String> tests,
        Long requests,
        Integer clients,
        Long keyspace,
        Double setRatio,
        Integer rate,
        String protocol,
        Boolean preload,
        String peerProtocol,
        Integer durationS) {}
