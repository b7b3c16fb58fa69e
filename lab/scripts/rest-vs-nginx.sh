#!/usr/bin/env bash
# REST (mkvss row): Panamax GET/PUT /keys/{key} vs nginx answering a fixed 200, same tool (wrk; oha is
# not packaged for Debian 12, wrk is the substitute), 50 connections, 10 s, alternating A B A B.
#
#   [NGINX_PORT=8188] [PANAMAX_PORT=8189] [SHARDS=] lab/scripts/rest-vs-nginx.sh OUT_DIR [ROUNDS]
# (SHARDS empty: Panamax's default, one shard per core.)
set -euo pipefail
NP="${NGINX_PORT:-8188}"; PP="${PANAMAX_PORT:-8189}"; SHARD_ARGS=(); [ -n "${SHARDS:-}" ] && SHARD_ARGS=(--shards "$SHARDS")
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$1"; ROUNDS="${2:-3}"; mkdir -p "$OUT"
DATA="$(mktemp -d)"; NGX="$(mktemp -d)"
cat > "$NGX/nginx.conf" <<CONF
worker_processes auto; daemon off; pid $NGX/nginx.pid; error_log $NGX/error.log;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$NP; location / { return 200 "value"; } } }
CONF
cat > "$OUT/put.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("PUT", "/keys/bench-" .. (counter % 100000), {["Content-Type"] = "text/plain"}, "value-of-fifty-bytes-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
end
LUA
"$ROOT/bin/panamax" build >/dev/null
nginx -c "$NGX/nginx.conf" > "$OUT/nginx.log" 2>&1 &
"$ROOT/bin/panamax" server --port 0 --cache-port 0 --http-port "$PP" "${SHARD_ARGS[@]}" --data-dir "$DATA" --fsync everysec > "$OUT/panamax.log" 2>&1 &
PMX=$!
trap 'kill $PMX 2>/dev/null; kill $(cat $NGX/nginx.pid 2>/dev/null) 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA" "$NGX"' EXIT
for _ in $(seq 1 600); do curl -sf -o /dev/null http://127.0.0.1:$PP/health && curl -sf -o /dev/null http://127.0.0.1:$NP/ && break; sleep 0.1; done
curl -sf -X PUT --data-binary 'value' http://127.0.0.1:$PP/keys/existing > /dev/null
# warm-up (JIT), not measured
wrk -t2 -c50 -d5s http://127.0.0.1:$PP/keys/existing > /dev/null
wrk -t2 -c50 -d5s -s "$OUT/put.lua" http://127.0.0.1:$PP > /dev/null
echo "round,target,rps,p50_ms,p99_ms" > "$OUT/rest.csv"
parse() { # wrk --latency output -> rps,p50,p99 (ms)
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
       function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
       END { printf "%s,%.3f,%.3f", rps, ms(p50), ms(p99) }'
}
for r in $(seq 1 "$ROUNDS"); do
  for t in nginx panamax-get panamax-put; do
    case $t in
      nginx) out=$(wrk -t2 -c50 -d10s --latency http://127.0.0.1:$NP/keys/existing) ;;
      panamax-get) out=$(wrk -t2 -c50 -d10s --latency http://127.0.0.1:$PP/keys/existing) ;;
      panamax-put) out=$(wrk -t2 -c50 -d10s --latency -s "$OUT/put.lua" http://127.0.0.1:$PP) ;;
    esac
    echo "$out" > "$OUT/wrk-$t-$r.txt"
    echo "$r,$t,$(echo "$out" | parse)" | tee -a "$OUT/rest.csv"
  done
done
