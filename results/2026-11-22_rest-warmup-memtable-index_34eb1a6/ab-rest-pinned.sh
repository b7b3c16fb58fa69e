#!/bin/bash
# Pinned REST A/B: old (dd879e1) vs new server, CPU 1, 1 shard, fsync everysec; wrk -t1 -c50 on CPU 0.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g"
T=${TEST:-get}
declare -A PORT=([old]=8191 [new]=8192) JAR=([old]=/tmp/old/server/target/panamax.jar [new]=/work/main/server/target/panamax.jar)
PIDS=()
for v in old new; do
  D=$(mktemp -d /tmp/p7/data.XXXX)
  taskset -c 1 $J $F -jar ${JAR[$v]} server --port 0 --cache-port 0 --http-port ${PORT[$v]} --shards 1 --data-dir $D --fsync everysec > /tmp/p7/$v.log 2>&1 &
  PIDS+=($!)
done
for v in old new; do for _ in $(seq 1 600); do curl -sf -o /dev/null http://127.0.0.1:${PORT[$v]}/health && break; sleep 0.1; done; done
for v in old new; do taskset -c 0 wrk -t1 -c50 -d6s -s /work/main/results/2026-11-22_rest-warmup-memtable-index_34eb1a6/preload.lua http://127.0.0.1:${PORT[$v]} > /dev/null; done
for v in old new; do for i in $(seq 1 ${WARM:-10}); do taskset -c 0 wrk -t1 -c50 -d3s -s /work/main/results/2026-11-22_rest-warmup-memtable-index_34eb1a6/$T.lua http://127.0.0.1:${PORT[$v]} | grep -o "Requests/sec: *[0-9.]*" | tr -s ' ' | sed "s/^/warm $v $i /"; done; done | tr '\n' ';'; echo
for r in $(seq 1 ${ROUNDS:-4}); do for v in old new; do
  out=$(taskset -c 0 wrk -t1 -c50 -d10s -s /work/main/results/2026-11-22_rest-warmup-memtable-index_34eb1a6/$T.lua http://127.0.0.1:${PORT[$v]})
  echo "round $r $v $(echo "$out" | grep -o 'Requests/sec: *[0-9.]*' | tr -s ' ') $(echo "$out" | grep -o 'status_errors=[0-9]* .*p99_us=[0-9]*' | grep -o 'status_errors=[0-9]*\|p50_us=[0-9]*\|p99_us=[0-9]*' | tr '\n' ' ')"
done; done
kill ${PIDS[@]}; wait; rm -rf /tmp/p7/data.*
