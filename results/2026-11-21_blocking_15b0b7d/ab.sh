#!/usr/bin/env bash
# A/B: Panamax main (A) vs branch block (B), 2 shards each, alternating rounds, redis-benchmark -P 16.
# Usage: ab.sh A.jar B.jar ROUNDS  (ports 24201/24202; prints CSV test,variant,round,rps)
set -euo pipefail
A=$1; B=$2; ROUNDS=${3:-3}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
start() { # jar port
  "$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx512m -jar "$1" server \
    --port "$2" --cache-port 0 --http-port 0 --shards 2 --data-dir "/tmp/blk-ab-$2" >/tmp/blk-ab-$2.log 2>&1 &
  echo $!
}
wait_port() { until redis-cli -p "$1" ping >/dev/null 2>&1; do sleep 0.2; done; }
PA=$(start "$A" 24201); PB=$(start "$B" 24202)
trap 'kill $PA $PB 2>/dev/null || true' EXIT
wait_port 24201; wait_port 24202
for p in 24201 24202; do redis-benchmark -p $p -q -n 200000 -P 16 -t set,lpush,lpop,zadd >/dev/null; redis-cli -p $p flushall >/dev/null; done
echo "test,variant,round,rps"
for r in $(seq 1 "$ROUNDS"); do
  for v in A B; do
    p=$([ $v = A ] && echo 24201 || echo 24202)
    redis-benchmark -p $p -q -n 300000 -P 16 -t set,lpush,lpop,zadd --csv | tail -n +2 | \
      awk -F, -v v=$v -v r=$r '{gsub(/"/,""); print $1","v","r","$2}'
    redis-cli -p $p flushall >/dev/null
  done
done
