#!/bin/bash
# usage: ab2.sh ROUNDS "args" port:pid ...   (FLUSHALL before each run)
R=$1; A=$2; shift 2
for r in $(seq 1 $R); do for pp in "$@"; do port=${pp%%:*}; pid=${pp##*:}
redis-cli -p $port flushall >/dev/null; sleep 0.5
t0=$(awk '{print $14+$15}' /proc/$pid/stat)
out=$(redis-benchmark -p $port $A --csv 2>/dev/null | grep -v '^"test"' | cut -d, -f1,2 | tr -d '"' | tr '\n' ' ')
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
n=$(echo "$A" | sed -E 's/.*-n ([0-9]+).*/\1/')
echo "r$r port=$port $out cpu_us/req=$(echo "scale=2; ($t1-$t0)*10000/$n" | bc)"
done; done
