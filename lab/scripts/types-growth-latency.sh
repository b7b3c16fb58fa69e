#!/usr/bin/env bash
# Worst-case latency while one collection grows to millions of members: redis-benchmark adds random members to ONE
# hash (HSET), set (SADD) or sorted set (ZADD) with -P 1, so every request's latency is its own and a request that
# lands on a table resize shows it in the max column. Each server starts empty for each type; servers alternate.
# Prints and records, per type and server: requests/s, p50, p99, p99.9 (where reported) and max latency in ms.
#
#   lab/scripts/types-growth-latency.sh OUT_DIR JAR[,JAR2...] [REQUESTS] [CLIENTS]
#
# Every jar is started with its default shard count; the first field of each CSV row names the jar's file.
set -euo pipefail
OUT="$1"; JARS="$2"; N="${3:-4000000}"; C="${4:-50}"
mkdir -p "$OUT"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
PORT=25031
wait_port() { for _ in $(seq 1 900); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null || true' EXIT
start() { # $1 = server name (redis or a jar path)
  if [ "$1" = redis ]; then
    redis-server --port "$PORT" --save "" --appendonly no --daemonize no > "$OUT/server.log" 2>&1 &
  else
    "$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xmx2g \
      -jar "$1" server --port "$PORT" --cache-port 0 --http-port 0 > "$OUT/server.log" 2>&1 &
  fi
  PID=$!
  wait_port "$PORT"
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
command_for() {
  case "$1" in
    hash) echo "HSET big field:__rand_int__ v" ;;
    set) echo "SADD big member:__rand_int__" ;;
    zset) echo "ZADD big __rand_int__ member:__rand_int__" ;;
  esac
}
echo "server,type,requests,members,rps,p50_ms,p99_ms,max_ms" > "$OUT/growth.csv"
for type in hash set zset; do
  for server in redis ${JARS//,/ }; do
    name=$([ "$server" = redis ] && echo redis-server || basename "$server" .jar)
    start "$server"
    # Warm-up on another key so the JIT has compiled the write path before the measured growth.
    redis-benchmark -p "$PORT" -n 300000 -r 200000 -c "$C" -P 16 $(command_for "$type" | sed 's/ big / warm /') \
      > /dev/null 2>&1
    redis-cli -p "$PORT" del warm > /dev/null
    log="$OUT/$name-$type.txt"
    # shellcheck disable=SC2046
    redis-benchmark -p "$PORT" -n "$N" -r 1000000000 -c "$C" -P 1 $(command_for "$type") > "$log" 2>&1
    members=$(case $type in hash) redis-cli -p "$PORT" hlen big;; set) redis-cli -p "$PORT" scard big;;
      zset) redis-cli -p "$PORT" zcard big;; esac | tr -d '\r')
    stop
    rps=$(tr '\r' '\n' < "$log" | awk '/throughput summary:/ { print $3 }' | tail -1)
    read -r p50 p99 max < <(tr '\r' '\n' < "$log" | awk '/latency summary/ { getline; getline; print $3, $5, $6 }' | tail -1)
    echo "$name,$type,$N,$members,$rps,$p50,$p99,$max" | tee -a "$OUT/growth.csv"
  done
done
