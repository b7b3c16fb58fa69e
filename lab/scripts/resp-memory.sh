#!/usr/bin/env bash
# Memory per key: loads 1,000,000 keys of 16 bytes with 64-byte values (redis-cli --pipe) into
# redis-server and into Panamax, then reports used_memory per key and process RSS.
#
#   [PORT_BASE=7200] lab/scripts/resp-memory.sh OUT_DIR     (servers on PORT_BASE+1 and PORT_BASE+2)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$1"; mkdir -p "$OUT"
KEYS=1000000
R=$(( ${PORT_BASE:-7200} + 1 )); P=$(( ${PORT_BASE:-7200} + 2 ))
LOAD="$OUT/load-1m.resp"
awk -v n=$KEYS 'BEGIN { v = sprintf("%64s", ""); gsub(/ /, "x", v);
  for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$64\r\n%s\r\n", i, v }' > "$LOAD"
wait_port() { for _ in $(seq 1 900); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
field() { redis-cli -p "$1" info memory | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'; }
rss_bytes() { awk '/VmRSS/ { print $2 * 1024 }' "/proc/$1/status"; }

"$ROOT/bin/panamax" build >/dev/null
redis-server --port $R --save "" --appendonly no --daemonize no > "$OUT/redis-memory.log" 2>&1 &
"$ROOT/bin/panamax" server --port $P --cache-port 0 --http-port 0 > "$OUT/panamax-memory.log" 2>&1 &
trap 'for p in $R $P; do redis-cli -p $p shutdown nosave >/dev/null 2>&1 || true; done; rm -f "$LOAD"' EXIT
wait_port $R; wait_port $P
echo "server,keys,used_memory_before,used_memory_after,bytes_per_key,rss_after" > "$OUT/memory.csv"
for port in $R $P; do
  name=$([ $port = $R ] && echo redis || echo panamax)
  pid=$([ $port = $R ] && pgrep -f "redis-server.*$R" || pgrep -f "panamax.jar server --port $P")
  before=$(field $port used_memory)
  redis-cli -p $port --pipe < "$LOAD" > /dev/null
  sleep 20 # let incremental table growth finish (Panamax migrates in the background cycle)
  after=$(field $port used_memory)
  keys=$(redis-cli -p $port dbsize | tr -d '\r')
  per=$(echo "scale=1; ($after - $before) / $keys" | bc)
  echo "$name,$keys,$before,$after,$per,$(rss_bytes $pid)" | tee -a "$OUT/memory.csv"
done
