#!/usr/bin/env bash
# nginx-vols.sh up|down: 5 stock nginx WebDAV volumes on 3001-3005 (Go minikeyvalue's volume config)
cd /tmp/mkv
if [ "$1" = down ]; then for p in 3001 3002 3003 3004 3005; do [ -f ng$p/nginx.pid ] && kill $(cat ng$p/nginx.pid); done; sleep 1; exit 0; fi
for p in 3001 3002 3003 3004 3005; do
  rm -rf ng$p; mkdir -p ng$p/data ng$p/tmp/body
  cat > ng$p/nginx.conf <<CONF
user root;
daemon on;
worker_processes 1;
pid /tmp/mkv/ng$p/nginx.pid;
error_log /tmp/mkv/ng$p/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on; keepalive_timeout 65;
  client_body_temp_path /tmp/mkv/ng$p/tmp/body;
  server {
    listen 127.0.0.1:$p;
    location / {
      root /tmp/mkv/ng$p/data;
      client_max_body_size 0;
      client_body_buffer_size 128k;
      dav_methods PUT DELETE;
      dav_access group:rw all:r;
      create_full_put_path on;
      autoindex on;
      autoindex_format json;
    }
  }
}
CONF
  /usr/sbin/nginx -c /tmp/mkv/ng$p/nginx.conf -p /tmp/mkv/ng$p || echo "nginx $p failed"
done
