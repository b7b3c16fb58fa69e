package io.panamax.lab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSpecTest {

    static final Map<String, String> VALUES = Map.of("port", "7000", "shards", "1", "maxmemory", "4096",
            "maxclients", "10000", "root", "/repo", "cachePort", "0", "httpPort", "8188", "dataDir", "/t/data");

    @Test
    void rendersThePanamaxCliContract() {
        assertThat(ServerSpec.panamax(null).render(VALUES)).containsExactly("/repo/bin/panamax", "server", "--port",
                "7000", "--bind", "127.0.0.1", "--shards", "1", "--transport", "auto", "--maxmemory", "4096",
                "--cache-port", "0", "--http-port", "8188", "--data-dir", "/t/data", "--fsync", "everysec");
    }

    @Test
    void rendersRedisWithPersistenceOffAndAnEmptySaveArgument() {
        List<String> cmd = ServerSpec.peer("redis").render(VALUES);
        assertThat(cmd).startsWith("redis-server", "--port", "7000");
        assertThat(cmd).containsSequence("--save", "", "--appendonly", "no", "--maxmemory", "4096");
    }

    @Test
    void labelsAPeerUsedAsPanamaxStandIn() {
        ServerSpec s = ServerSpec.panamax("redis");
        assertThat(s.name()).isEqualTo("panamax");
        assertThat(s.label()).isEqualTo("panamax (stand-in: redis-server)");
    }

    @Test
    void splitsOnWhitespaceHonouringQuotes() {
        assertThat(ServerSpec.split("a  'b c' \"d\"'e' ''")).containsExactly("a", "b c", "de", "");
    }

    @Test
    void readsUserAndSystemTicksAfterACommandNameWithSpaces() {
        String stat = "1234 (my (odd) name) S 1 2 3 4 5 6 7 8 9 10 111 222 333 444 20 0 1 0";
        assertThat(ProcStat.parse(stat)).containsExactly(111, 222, 333, 444);
    }

    @Test
    void aBlobStoreIsAMasterTemplateAndAVolumeTemplateSpeakingOnlyBlob() {
        java.util.Map<String, String> v = new java.util.HashMap<>(VALUES);
        v.putAll(Map.of("volumes", "127.0.0.1:1,127.0.0.1:2", "replicas", "3", "subvolumes", "10", "confDir", "/t/v1"));
        ServerSpec ours = ServerSpec.blobPanamax();
        assertThat(ours.render(v)).containsExactly("/repo/bin/panamax", "blob", "master", "--port", "8188", "--bind",
                "127.0.0.1", "--volumes", "127.0.0.1:1,127.0.0.1:2", "--replicas", "3", "--subvolumes", "10",
                "--index", "/t/data");
        assertThat(ours.renderVolume(v)).containsExactly("/repo/bin/panamax", "blob", "volume", "--port", "8188",
                "--bind", "127.0.0.1", "--dir", "/t/data");
        ServerSpec nginx = ServerSpec.peer("nginx-volumes");
        assertThat(nginx.renderVolume(v)).containsExactly("nginx", "-p", "/t/v1", "-c", "/t/v1/nginx.conf", "-e",
                "/t/v1/error.log");
        for (ServerSpec s : List.of(ours, nginx)) {
            assertThat(s.isBlobStore()).isTrue();
            assertThat(s.speaks("blob")).isTrue();
            assertThat(s.speaks("resp") || s.speaks("http") || s.speaks("cache") || s.isNginx()).isFalse();
        }
        assertThat(ours.hasNginxVolumes()).isFalse();
        assertThat(nginx.hasNginxVolumes()).isTrue();
        assertThat(ServerSpec.panamax(null).speaks("blob")).isFalse();
        assertThat(ServerSpec.peer("nginx").speaks("blob")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerSpec.peer("redis").renderVolume(v))
                .isInstanceOf(IllegalStateException.class);
    }
}
