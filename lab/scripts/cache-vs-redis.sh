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
# Untimed warm-up of both servers until the rate is steady (the lab's SteadyWarmUp rule): at least 5 passes of
# 200,000 requests, until 2 passes in a row fail to beat the best earlier pass by more than 3%, at most 15.
warm() { # port protocol
  local best=0 flat=0 rates=""
  for pass in $(seq 1 15); do
    local rps; rps=$("${LOAD[@]}" --port "$1" --protocol "$2" -n 200000 2>/dev/null | awk -F'"' '/^"MIX"/ {print int($4)}')
    rates="$rates ${rps:-0}"
    if [ "${rps:-0}" -gt $((best + best * 3 / 100)) ]; then flat=0; else flat=$((flat + 1)); fi
    [ "${rps:-0}" -gt "$best" ] && best=$rps
    [ $pass -ge 5 ] && [ $flat -ge 2 ] && break
  done
  echo "warm-up $2 on port $1 (rps per pass):$rates" | tee -a "$OUT/warmup.txt"
}
warm 7303 cache
warm 7301 resp
echo "round,server,output" > "$OUT/runs.txt"
for r in $(seq 1 "$ROUNDS"); do
  for s in redis panamax; do
    if [ $s = redis ]; then out=$("${LOAD[@]}" --port 7301 --protocol resp -n "$N"); else out=$("${LOAD[@]}" --port 7303 --protocol cache -n "$N"); fi
    echo "== round $r $s" >> "$OUT/runs.txt"; echo "$out" >> "$OUT/runs.txt"
    echo "round $r $s: $(echo "$out" | tr '\n' ' ')"
  done
done
for p in 7301 7302; do echo "port $p: $(redis-cli -p $p info memory | tr -d '\r' | grep -E '^used_memory:|^maxmemory:' | tr '\n' ' ') $(redis-cli -p $p info stats | tr -d '\r' | grep -E '^evicted_keys:')"; done | tee "$OUT/memory.txt"
