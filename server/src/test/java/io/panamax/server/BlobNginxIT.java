package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.panamax.blobstore.Placement;
import io.panamax.blobstore.VolumePath;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Stock nginx with WebDAV as a volume (Go minikeyvalue's volume config: PUT DELETE, create_full_put_path,
 * autoindex json), beside two of ours: the master writes, redirects, deletes and rebuilds through it. nginx is
 * started by the test on a free port with a temp config and stopped by PID; {@code .ci/run} installs it.
 */
class BlobNginxIT {
    /** {@code nginx} on the PATH, else Debian's {@code /usr/sbin/nginx} (not on a non-root PATH), else null. */
    static String nginxBinary() {
        for (String candidate : List.of("nginx", "/usr/sbin/nginx")) {
            try {
                if (new ProcessBuilder(candidate, "-v").redirectErrorStream(true).start().waitFor() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // try the next one
            }
        }
        return null;
    }

    /** nginx in the foreground over {@code dir/data}, logs and temp files under {@code dir}. */
    static BlobProcess nginx(Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("tmp"));
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        String conf = user + """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                  access_log off;
                  sendfile on;
                  default_type application/octet-stream;
                  client_body_temp_path %1$s/tmp/body;
                  proxy_temp_path %1$s/tmp/proxy;
                  fastcgi_temp_path %1$s/tmp/fastcgi;
                  uwsgi_temp_path %1$s/tmp/uwsgi;
                  scgi_temp_path %1$s/tmp/scgi;
                  server {
                    listen 127.0.0.1:%2$d;
                    location / {
                      root %1$s/data;
                      client_max_body_size 0;
                      dav_methods PUT DELETE;
                      dav_access group:rw all:r;
                      create_full_put_path on;
                      autoindex on;
                      autoindex_format json;
                    }
                  }
                }
                """.formatted(dir, port);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        return BlobProcess.start(List.of(nginxBinary(), "-e", dir.resolve("error.log").toString(), "-p", dir.toString(),
                "-c", file.toString()), port, dir.resolve("data"));
    }

    @Test
    void nginxWithWebDavWorksAsAVolumeForWritesReadsDeletesAndRebuild() throws Exception {
        if (System.getenv("CI") != null) { // .ci/run installs nginx: missing there is a failure, not a skip
            assertThat(nginxBinary()).as("nginx installed by .ci/run").isNotNull();
        }
        assumeThat(nginxBinary()).as("nginx installed (.ci/run installs it)").isNotNull();
        try (BlobCluster cluster = new BlobCluster(2);
                BlobProcess nginx = nginx(cluster.root.resolve("nginx"))) {
            String volumes = cluster.volumeList() + "," + nginx.address();
            String[] layout = {"--volumes", volumes, "--replicas", "3", "--subvolumes", "4"};
            Placement placement = new Placement(Placement.parseVolumeList(volumes), 3, 4);
            Path index = cluster.root.resolve("index");
            byte[] big = new byte[3 << 20];
            new Random(3).nextBytes(big);
            try (BlobProcess m = BlobProcess.master(index, layout)) {
                for (int i = 0; i < 10; i++) {
                    assertThat(BlobHttp.put(m.url() + "/n/" + i, "nginx value " + i).statusCode()).isEqualTo(201);
                }
                assertThat(BlobHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.url() + "/n/big"))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(big)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);
                byte[] k = "/n/big".getBytes(StandardCharsets.UTF_8);
                String onNginx = placement.volumesFor(k).stream().filter(r -> r.startsWith(nginx.address())).findFirst()
                        .orElseThrow();
                Path file = nginx.dir.resolve(onNginx.substring(onNginx.indexOf('/') + 1) + VolumePath.of(k));
                assertThat(Files.readAllBytes(file)).isEqualTo(big);
                HttpResponse<byte[]> fromNginx = BlobHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://" + onNginx + VolumePath.of(k))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(fromNginx.body()).isEqualTo(big);
                byte[] streamed = new byte[200_000]; // unknown length: the master forwards it chunked to nginx too
                new Random(4).nextBytes(streamed);
                assertThat(BlobHttp.CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.url() + "/n/chunked"))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(streamed))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(201);
                byte[] kc = "/n/chunked".getBytes(StandardCharsets.UTF_8);
                String chunkedOnNginx = placement.volumesFor(kc).stream().filter(r -> r.startsWith(nginx.address()))
                        .findFirst().orElseThrow();
                assertThat(Files.readAllBytes(nginx.dir.resolve(chunkedOnNginx.substring(chunkedOnNginx.indexOf('/') + 1)
                        + VolumePath.of(kc)))).isEqualTo(streamed);
                for (int i = 0; i < 6; i++) { // redirects land on any replica, nginx included
                    assertThat(BlobHttp.getFollowing(m.url() + "/n/3").body()).isEqualTo("nginx value 3");
                }
                assertThat(BlobHttp.delete(m.url() + "/n/9").statusCode()).isEqualTo(204);
                byte[] k9 = "/n/9".getBytes(StandardCharsets.UTF_8);
                String nine = placement.volumesFor(k9).stream().filter(r -> r.startsWith(nginx.address())).findFirst()
                        .orElseThrow();
                assertThat(Files.exists(nginx.dir.resolve(nine.substring(nine.indexOf('/') + 1) + VolumePath.of(k9))))
                        .isFalse();
                assertThat(m.terminate()).isTrue();
            }
            BlobProcess.ToolRun rebuild = BlobProcess.tool("blob", "rebuild", "--index",
                    cluster.root.resolve("rebuilt").toString(), layout[0], layout[1], layout[2], layout[3], layout[4],
                    layout[5]);
            assertThat(rebuild.exitCode()).as(rebuild.output()).isZero();
            assertThat(rebuild.output()).contains("rebuild done: 11 keys from 33 files");
            try (BlobProcess m = BlobProcess.master(cluster.root.resolve("rebuilt"), layout)) {
                HttpResponse<String> r = BlobHttp.get(m.url() + "/n/big");
                assertThat(r.headers().firstValue("Content-Md5")).hasValue(BlobHttp.md5Hex(big));
                assertThat(r.headers().firstValue("Key-Balance")).hasValue("balanced");
                assertThat(BlobHttp.get(m.url() + "/n/?list").body()).contains("\"/n/0\"", "\"/n/big\"")
                        .doesNotContain("\"/n/9\"");
                assertThat(m.terminate()).isTrue();
            }
        }
    }
}
