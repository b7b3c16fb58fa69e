#!/usr/bin/env bash
# KV-Cache row: the seed's Locust mix (50 users, one persistent connection each, 2/3 SET, 1/3 GET,
# back to back) on Panamax's cache protocol vs the same mix as RESP SET/GET on redis-server
# (allkeys-lru, same maxmemory), with the lab's own HdrHistogram load generator; A B A B rounds.
#
#   [PANAMAX_SHARDS=N] lab/scripts/cache-vs-redis.sh OUT_DIR ROUNDS MAXMEMORY KEYSPACE VALUE_BYTES REQUESTS
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$1"; ROUNDS="$2"; MAXMEM="$3"; KEYS="$4"; VALUE="$5"; N="$6"; mkdir -p "$OUT"
"$ROOT/bin/panamax" build >/dev/null
redis-server --port 7301 --save "" --appendonly no --maxmemory "$MAXMEM" --maxmemory-policy allkeys-lru \
  --daemonize no > "$OUT/redis.log" 2>&1 &
"$ROOT/bin/panamax" server --port 7302 --cache-port 7303 --http-port 0 --shards "${PANAMAX_SHARDS:-$(nproc)}" --maxmemory "$MAXMEM" \
  --maxmemory-policy allkeys-lru > "$OUT/panamax.log" 2>&1 &
trap 'redis-cli -p 7301 shutdown nosave >/dev/null 2>&1; redis-cli -p 7302 shutdown >/dev/null 2>&1; true' EXIT
for p in 7301 7302; do for _ in $(seq 1 900); do redis-cli -p $p ping >/dev/null 2>&1 && break; sleep 0.1; done; done
LOAD=("$ROOT/bin/panamax" lab load -c 50 -P 1 -d "$VALUE" -r "$KEYS" --set-ratio 0.667 --threads 1)
"${LOAD[@]}" --port 7303 --protocol cache -n 200000 > /dev/null   # warm-up (JIT), not measured
echo "round,server,output" > "$OUT/runs.txt"
for r in $(seq 1 "$ROUNDS"); do
  for s in redis panamax; do
    if [ $s = redis ]; then out=$("${LOAD[@]}" --port 7301 --protocol resp -n "$N"); else out=$("${LOAD[@]}" --port 7303 --protocol cache -n "$N"); fi
    echo "== round $r $s" >> "$OUT/runs.txt"; echo "$out" >> "$OUT/runs.txt"
    echo "round $r $s: $(echo "$out" | tr '\n' ' ')"
  done
done
for p in 7301 7302; do echo "port $p: $(redis-cli -p $p info memory | tr -d '\r' | grep -E '^used_memory:|^maxmemory:' | tr '\n' ' ') $(redis-cli -p $p info stats | tr -d '\r' | grep -E '^evicted_keys:')"; done | tee "$OUT/memory.txt"
