#!/usr/bin/env bash
# Same-run A/B beside nginx: main's REST (one store, virtual threads; jar A) vs the sharded REST (jar B).
#   run-ab.sh OUT_DIR JAR_A JAR_B [ROUNDS]     ports 21188 (nginx), 21191 (A), 21192 (B)
set -euo pipefail
OUT="$1"; A="$2"; B="$3"; ROUNDS="${4:-3}"; mkdir -p "$OUT"
JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xmx2g)
NGX="$(mktemp -d)"; DA="$(mktemp -d)"; DB="$(mktemp -d)"
cat > "$NGX/nginx.conf" <<CONF
worker_processes auto; daemon off; pid $NGX/nginx.pid; error_log $NGX/error.log;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:21188; location / { return 200 "value"; } } }
CONF
cat > "$OUT/put.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("PUT", "/keys/bench-" .. (counter % 100000), {["Content-Type"] = "text/plain"}, "value-of-fifty-bytes-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
end
LUA
nginx -c "$NGX/nginx.conf" > "$OUT/ab-nginx.log" 2>&1 &
"$JAVA" "${FLAGS[@]}" -jar "$A" server --port 0 --cache-port 0 --http-port 21191 --shards 2 --data-dir "$DA" --fsync everysec > "$OUT/ab-a.log" 2>&1 &
PA=$!
"$JAVA" "${FLAGS[@]}" -jar "$B" server --port 0 --cache-port 0 --http-port 21192 --shards 2 --data-dir "$DB" --fsync everysec > "$OUT/ab-b.log" 2>&1 &
PB=$!
trap 'kill $PA $PB 2>/dev/null; kill $(cat $NGX/nginx.pid 2>/dev/null) 2>/dev/null; wait 2>/dev/null; rm -rf "$DA" "$DB" "$NGX"' EXIT
for p in 21188 21191 21192; do for _ in $(seq 1 600); do curl -sf -o /dev/null http://127.0.0.1:$p/health && break; curl -sf -o /dev/null http://127.0.0.1:$p/ && break; sleep 0.1; done; done
for p in 21191 21192; do
  curl -sf -X PUT --data-binary 'value' http://127.0.0.1:$p/keys/existing > /dev/null
  wrk -t2 -c50 -d5s http://127.0.0.1:$p/keys/existing > /dev/null
  wrk -t2 -c50 -d5s -s "$OUT/put.lua" http://127.0.0.1:$p > /dev/null
done
parse() {
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
       function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
       END { printf "%s,%.3f,%.3f", rps, ms(p50), ms(p99) }'
}
echo "round,target,rps,p50_ms,p99_ms" > "$OUT/ab.csv"
for r in $(seq 1 "$ROUNDS"); do
  for t in nginx main-get sharded-get main-put sharded-put; do
    case $t in
      nginx) out=$(wrk -t2 -c50 -d10s --latency http://127.0.0.1:21188/keys/existing) ;;
      main-get) out=$(wrk -t2 -c50 -d10s --latency http://127.0.0.1:21191/keys/existing) ;;
      sharded-get) out=$(wrk -t2 -c50 -d10s --latency http://127.0.0.1:21192/keys/existing) ;;
      main-put) out=$(wrk -t2 -c50 -d10s --latency -s "$OUT/put.lua" http://127.0.0.1:21191) ;;
      sharded-put) out=$(wrk -t2 -c50 -d10s --latency -s "$OUT/put.lua" http://127.0.0.1:21192) ;;
    esac
    echo "$out" > "$OUT/ab-wrk-$t-$r.txt"
    echo "$r,$t,$(echo "$out" | parse)" | tee -a "$OUT/ab.csv"
  done
done
