#!/usr/bin/env bash
# /tmp/ab/ab.sh ROUNDS SHARDS "args..."  -> alternates old/new jar (and redis)
ROUNDS=$1; SHARDS=$2; shift 2
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g"
$J $F -jar /tmp/ab/old.jar server --port 7201 --shards $SHARDS --cache-port ${OLDCACHE:-0} --http-port 0 >/tmp/ab/old.log 2>&1 & P1=$!
$J $F -jar /tmp/ab/new.jar server --port 7202 --shards $SHARDS --cache-port ${NEWCACHE:-0} --http-port 0 >/tmp/ab/new.log 2>&1 & P2=$!
redis-server --port 7203 --save "" --appendonly no >/tmp/ab/redis.log 2>&1 & P3=$!
trap "kill $P1 $P2 $P3 2>/dev/null" EXIT
for p in 7201 7202 7203; do for i in $(seq 1 300); do redis-cli -p $p ping >/dev/null 2>&1 && break; sleep 0.1; done; done
for p in 7201 7202; do redis-benchmark -p $p -q -t set,get -n 1000000 -P 16 -c 50 -r 100000 >/dev/null 2>&1; redis-benchmark -p $p -q -t set,get -n 300000 -c 50 -r 100000 >/dev/null 2>&1; redis-benchmark -p $p -q -t set,get -n 1500000 -P 16 -c 200 --threads 2 -r 100000 -d 1024 >/dev/null 2>&1; redis-cli -p $p flushall >/dev/null; done
for r in $(seq 1 $ROUNDS); do
  for args in "$@"; do
    for s in old:7201 new:7202 redis:7203; do
      name=${s%%:*}; port=${s##*:}
      [ -n "${FLUSH:-}" ] && redis-cli -p $port flushall >/dev/null
      out=$(redis-benchmark -p $port $args --csv 2>/dev/null | grep -v '^"test"' | awk -F, '{gsub(/"/,""); printf "%s=%s p50=%s p99=%s  ", $1,$2,$6,$8}')
      echo "r$r [$args] $name: $out"
    done
  done
done
