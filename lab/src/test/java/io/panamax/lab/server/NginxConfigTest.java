package io.panamax.lab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NginxConfigTest {

    @Test
    void keepsEveryWritablePathInTheTempDirAndAnswersAFixedValue() {
        String conf = NginxConfig.render(Path.of("/tmp/x"), 8188, 2);
        assertThat(conf).contains("worker_processes 2;", "daemon off;", "pid /tmp/x/nginx.pid;",
                "error_log /tmp/x/error.log;", "client_body_temp_path /tmp/x/client_body;",
                "proxy_temp_path /tmp/x/proxy;", "fastcgi_temp_path /tmp/x/fastcgi;", "uwsgi_temp_path /tmp/x/uwsgi;",
                "scgi_temp_path /tmp/x/scgi;", "listen 127.0.0.1:8188;", "return 200 \"value\";", "access_log off;");
        assertThat(conf).doesNotContain("/var/");
    }

    @Test
    void nginxSpeaksHttpOnlyAndPanamaxEveryProtocol() {
        ServerSpec nginx = ServerSpec.peer("nginx");
        assertThat(nginx.speaks("http")).isTrue();
        assertThat(nginx.speaks("resp")).isFalse();
        ServerSpec panamax = ServerSpec.panamax(null);
        assertThat(panamax.speaks("resp") && panamax.speaks("cache") && panamax.speaks("http")).isTrue();
        ServerSpec redis = ServerSpec.peer("redis");
        assertThat(redis.speaks("resp")).isTrue();
        assertThat(redis.speaks("cache") || redis.speaks("http")).isFalse();
        assertThat(new ServerPorts(1, 2, 3).forProtocol("cache")).isEqualTo(2);
    }

    @Test
    void aWebDavVolumeHasGoMinikeyvaluesDirectivesAndItsTempPathsBesideTheData() {
        String conf = NginxConfig.renderWebDav(Path.of("/tmp/v1"), 3001, 1, false);
        assertThat(conf).contains("worker_processes 1;", "daemon off;", "pid /tmp/v1/nginx.pid;",
                "listen 127.0.0.1:3001 backlog=4096;", "root /tmp/v1/data;", "client_max_body_size 0;",
                "dav_methods PUT DELETE;", "create_full_put_path on;", "autoindex on;", "autoindex_format json;",
                "client_body_temp_path /tmp/v1/client_body;", "sendfile on;", "access_log off;");
        assertThat(conf).doesNotContain("/var/", "user root;");
        assertThat(NginxConfig.renderWebDav(Path.of("/tmp/v1"), 3001, 1, true)).contains("user root;\n");
    }
}
