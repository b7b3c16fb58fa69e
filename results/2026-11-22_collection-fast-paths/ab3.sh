#!/bin/bash
# usage: ab3.sh ROUNDS FILLTEST TEST port:pid ...  FLUSHALL, fill with FILLTEST (-P 16 -n 100000 -r 1e8), then measure TEST
R=$1; FILL=$2; T=$3; shift 3
for r in $(seq 1 $R); do for pp in "$@"; do port=${pp%%:*}; pid=${pp##*:}
redis-cli -p $port flushall >/dev/null; redis-benchmark -p $port -P 16 -c 50 -r 100000000 -n 100000 -t $FILL --csv >/dev/null; sleep 0.3
t0=$(awk '{print $14+$15}' /proc/$pid/stat)
out=$(redis-benchmark -p $port -P 16 -c 50 -r 100000000 -n 100000 -t $T --csv 2>/dev/null | grep -v '^"test"' | cut -d, -f1,2 | tr -d '"' | tr '\n' ' ')
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
echo "r$r port=$port $out cpu_us/req=$(echo "scale=2; ($t1-$t0)*10000/100000" | bc)"
done; done
