#!/usr/bin/env bash
# KV-Cache row with eviction active: the seed's Locust mix (50 users, one persistent connection each, 2/3 SET,
# 1/3 GET, back to back) on Panamax's cache protocol vs the same mix as RESP SET/GET on redis-server, both at the
# same maxmemory with allkeys-lru, over a key space larger than maxmemory holds. Both servers are first preloaded
# with every key of the space (redis-cli --pipe, keys 0..KEYS-1, same value size), so the measured rounds run at the
# limit; the script checks and records evicted_keys > 0 and used_memory <= maxmemory on both, and the ratio of the
# key space to the keys each server kept (the working set as a multiple of what fits). A B A B rounds, load average
# before each round, evicted_keys and used_memory after each round (memory.txt). The generator draws a new key sequence
# per round (-Dlab.load.seed=ROUND), the same for both servers.
#
#   [PANAMAX_SHARDS=N] [PORT_BASE=22100] lab/scripts/cache-vs-redis-evict.sh OUT_DIR ROUNDS MAXMEMORY KEYS VALUE_BYTES REQUESTS
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$1"; ROUNDS="$2"; MAXMEM="$3"; KEYS="$4"; VALUE="$5"; N="$6"; mkdir -p "$OUT"
BASE="${PORT_BASE:-22100}"; RP=$((BASE + 1)); PP=$((BASE + 2)); CP=$((BASE + 3))
"$ROOT/bin/panamax" build >/dev/null
redis-server --port $RP --save "" --appendonly no --maxmemory "$MAXMEM" --maxmemory-policy allkeys-lru \
  --daemonize no > "$OUT/redis.log" 2>&1 &
RPID=$!
"$ROOT/bin/panamax" server --port $PP --cache-port $CP --http-port 0 --shards "${PANAMAX_SHARDS:-$(nproc)}" \
  --maxmemory "$MAXMEM" --maxmemory-policy allkeys-lru > "$OUT/panamax.log" 2>&1 &
PPID_=$!
LOADFILE="$OUT/preload.resp"
trap 'kill $RPID $PPID_ 2>/dev/null; wait $RPID $PPID_ 2>/dev/null; rm -f "$LOADFILE"; true' EXIT
for p in $RP $PP; do for _ in $(seq 1 900); do redis-cli -p $p ping >/dev/null 2>&1 && break; sleep 0.1; done; done
field() { redis-cli -p "$1" info "$2" | tr -d '\r' | awk -F: -v f="$3" '$1 == f { print $2 }'; }
state() { echo "used_memory=$(field "$1" memory used_memory) maxmemory=$(field "$1" memory maxmemory) evicted_keys=$(field "$1" stats evicted_keys) dbsize=$(redis-cli -p "$1" dbsize | tr -d '\r')"; }

# Preload: SET key:%012d for every key of the space, the load generator's key format and value bytes.
awk -v n="$KEYS" -v d="$VALUE" 'BEGIN { v = sprintf("%" d "s", ""); gsub(/ /, "x", v);
  for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$%d\r\n%s\r\n", i, d, v }' > "$LOADFILE"
for p in $RP $PP; do redis-cli -p $p --pipe < "$LOADFILE" > "$OUT/preload-$p.txt"; done
rm -f "$LOADFILE"
{ echo "after preload:"; echo "redis   $(state $RP)"; echo "panamax $(state $PP)"; } | tee "$OUT/memory.txt"

LOAD=("$ROOT/bin/panamax" lab load -c 50 -P 1 -d "$VALUE" -r "$KEYS" --set-ratio 0.667 --threads 1)
PANAMAX_JAVA_OPTS="-Dlab.load.seed=1000" "${LOAD[@]}" --port $CP --protocol cache -n 200000 > /dev/null 2>&1   # warm-up (JIT), not measured
echo "round,server,loadavg,output" > "$OUT/runs.txt"
for r in $(seq 1 "$ROUNDS"); do
  for s in redis panamax; do
    la=$(cut -d' ' -f1-3 /proc/loadavg)
    # A new key sequence per round (same one for both servers in a round): keys the previous rounds did not touch,
    # so SETs keep inserting and evicting instead of rewriting the keys the last round left most recent.
    export PANAMAX_JAVA_OPTS="-Dlab.load.seed=$r"
    if [ $s = redis ]; then out=$("${LOAD[@]}" --port $RP --protocol resp -n "$N" 2>/dev/null)
    else out=$("${LOAD[@]}" --port $CP --protocol cache -n "$N" 2>/dev/null); fi
    echo "$s $(state $([ $s = redis ] && echo $RP || echo $PP))" >> "$OUT/memory.txt"
    { echo "== round $r $s loadavg $la"; echo "$out"; } >> "$OUT/runs.txt"
    echo "round $r $s (loadavg $la): $(echo "$out" | tr '\n' ' ')"
  done
done
{ echo "after the rounds:"; echo "redis   $(state $RP)"; echo "panamax $(state $PP)"; } | tee -a "$OUT/memory.txt"
