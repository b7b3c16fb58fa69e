#!/usr/bin/env bash
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g"
S=${SHARDS:-2}
$J $F -jar ${OLDJAR:-/tmp/ab/old.jar} server --port 7201 --shards $S --cache-port 0 --http-port 0 >/tmp/ab/old.log 2>&1 & P1=$!
$J $F -jar ${NEWJAR:-/tmp/ab/new2.jar} server --port 7202 --shards $S --cache-port 0 --http-port 0 >/tmp/ab/new.log 2>&1 & P2=$!
redis-server --port 7203 --save "" --appendonly no >/tmp/ab/redis.log 2>&1 & P3=$!
trap "kill $P1 $P2 $P3 2>/dev/null" EXIT
for p in 7201 7202 7203; do for i in $(seq 1 300); do redis-cli -p $p ping >/dev/null 2>&1 && break; sleep 0.1; done; done
for p in 7201 7202 ${REDIS:+7203}; do redis-benchmark -p $p -q -t set -n 4000000 -P 64 -c 50 -r 1000000 -d 64 >/dev/null 2>&1; redis-benchmark -p $p -q -t get -n 2000000 -P 16 -c 50 -r 1000000 >/dev/null 2>&1; echo "port $p keys: $(redis-cli -p $p dbsize)"; done
for r in 1 2 3; do
  for args in "-t get -n 3000000 -P 16 -c 50 -r 1000000" "-t get -n 300000 -c 50 -r 1000000"; do
    for s in old:7201 new:7202 ${REDIS:+redis:7203}; do
      echo "r$r [$args] ${s%%:*}: $(redis-benchmark -p ${s##*:} $args --csv 2>/dev/null | grep -v '^"test"' | awk -F, '{gsub(/"/,""); printf "%s=%s p50=%s p99=%s", $1,$2,$6,$8}')"
    done
  done
done
