#!/usr/bin/env bash
# Side-by-side RESP benchmark: redis-server vs Panamax (1 shard and N shards), same redis-benchmark
# binary, servers alternated round by round, server CPU time per request read from /proc. Each run starts from an
# empty server (FLUSHALL after every run).
#
#   lab/scripts/resp-ab.sh OUT_DIR ROUNDS "<redis-benchmark args>" [more arg sets...]
#
# Prints one CSV line per (round, server, test) to OUT_DIR/runs.csv:
#   round,server,test,rps,avg_ms,min_ms,p50_ms,p95_ms,p99_ms,max_ms,server_cpu_us_per_req,loadavg
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$1"; ROUNDS="$2"; shift 2
mkdir -p "$OUT"
CSV="$OUT/runs.csv"
echo "round,server,args,test,rps,avg_ms,min_ms,p50_ms,p95_ms,p99_ms,max_ms,server_cpu_us_per_req,loadavg" > "$CSV"
SHARDS_N=$(nproc)

wait_port() { for _ in $(seq 1 900); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

"$ROOT/bin/panamax" build >/dev/null
redis-server --port 7101 --save "" --appendonly no --daemonize no > "$OUT/redis.log" 2>&1 &
"$ROOT/bin/panamax" server --port 7102 --shards 1 --cache-port 0 --http-port 0 > "$OUT/panamax-1.log" 2>&1 &
"$ROOT/bin/panamax" server --port 7103 --shards "$SHARDS_N" --cache-port 0 --http-port 0 > "$OUT/panamax-$SHARDS_N.log" 2>&1 &
trap 'for p in 7101 7102 7103; do redis-cli -p $p shutdown nosave >/dev/null 2>&1 || true; done' EXIT
for p in 7101 7102 7103; do wait_port $p || { echo "server on $p did not start" >&2; exit 1; }; done
declare -A PIDS=([redis]=$(pgrep -f "redis-server.*7101") [panamax-1]=$(pgrep -f "panamax.jar server --port 7102") [panamax-$SHARDS_N]=$(pgrep -f "panamax.jar server --port 7103"))
declare -A PORTS=([redis]=7101 [panamax-1]=7102 [panamax-$SHARDS_N]=7103)
# JIT warm-up for the JVM servers, not measured: both value sizes of the issue's commands (a fresh JVM needs ~2M
# requests of the 1 KiB shape before SET runs at its steady rate), then FLUSHALL so every server starts empty.
for p in 7102 7103; do
  redis-benchmark -p $p -q -t set,get -n 500000 -P 16 -c 50 -r 100000 -d 64 >/dev/null 2>&1
  redis-benchmark -p $p -q -t set,get -n 1500000 -P 16 -c 200 --threads 2 -r 100000 -d 1024 >/dev/null 2>&1
  redis-cli -p $p flushall >/dev/null
done

for round in $(seq 1 "$ROUNDS"); do
  for args in "$@"; do
    for server in redis panamax-1 "panamax-$SHARDS_N"; do
      pid=${PIDS[$server]}; port=${PORTS[$server]}
      # requests in this run, for CPU per request: -n times the number of tests
      n=$(echo "$args" | sed -E 's/.*-n ([0-9]+).*/\1/'); tests=$(echo "$args" | sed -E 's/.*-t ([a-z_,]+).*/\1/' | tr ',' '\n' | wc -l)
      t0=$(cpu_ticks "$pid")
      out=$(redis-benchmark -p "$port" $args --csv 2>/dev/null | grep -v '^"test"' || true)
      t1=$(cpu_ticks "$pid")
      # Every run starts from an empty server (as the issue's commands on a fresh one), and rounds do not pile up keys:
      # -r 100000000 writes ~2M new 1 KiB keys per run, and keeping them ran the machine out of RAM at round 4.
      redis-cli -p "$port" flushall >/dev/null
      us=$(echo "scale=3; ($t1-$t0)*10000/($n*$tests)" | bc)
      load=$(cut -d' ' -f1 /proc/loadavg)
      while IFS= read -r line; do
        [ -n "$line" ] && echo "$round,$server,\"$args\",$(echo "$line" | tr -d '"'),$us,$load" >> "$CSV"
      done <<< "$out"
      echo "round $round $server [$args]: $(echo "$out" | tr '\n' ' ') cpu_us/req=$us load=$load"
    done
  done
done
