#!/usr/bin/env bash
# /tmp/ab/cpu.sh JAR SHARDS "bench args"  -> rps and server CPU us/req
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g ${EXTRA:-}"
if [ "$1" = redis ]; then redis-server --port 7209 --save "" --appendonly no >/dev/null 2>&1 & P=$!
else $J $F -jar $1 server --port 7209 --shards $2 --cache-port 0 --http-port 0 ${TRANSPORT:+--transport $TRANSPORT} >/tmp/ab/cpu.log 2>&1 & P=$!; fi
for i in $(seq 1 300); do redis-cli -p 7209 ping >/dev/null 2>&1 && break; sleep 0.1; done
if [ "$1" != redis ]; then redis-benchmark -p 7209 -q -t set -n 4000000 -P 64 -c 50 -r 1000000 -d 64 >/dev/null 2>&1; redis-benchmark -p 7209 -q -t get -n 2000000 -P 16 -c 50 -r 1000000 >/dev/null 2>&1; fi
for k in 1 2 3; do
t0=$(awk '{print $14+$15}' /proc/$P/stat); u0=$(awk '{print $14}' /proc/$P/stat)
out=$(redis-benchmark -p 7209 $3 --csv | grep -v '^"test"' | awk -F, '{gsub(/"/,""); printf "%s=%s p50=%s ", $1,$2,$6}')
t1=$(awk '{print $14+$15}' /proc/$P/stat); u1=$(awk '{print $14}' /proc/$P/stat)
n=$(echo "$3" | sed -E 's/.*-n ([0-9]+).*/\1/')
echo "$1 s=$2: $out cpu_us/req=$(echo "scale=2; ($t1-$t0)*10000/$n" | bc) user=$(echo "scale=2; ($u1-$u0)*10000/$n" | bc)"
done
kill $P; wait $P 2>/dev/null
