#!/bin/bash
# redis-benchmark's default suite at -P 16 (-r 1e8, default -n 100000 per test), FLUSHALL before each suite,
# alternating servers within each round. usage: suite-p16.sh OUT ROUNDS name:port:pid ...
OUT=$1; R=$2; shift 2
echo "round,server,test,rps" > $OUT/runs.csv
for r in $(seq 1 $R); do for s in "$@"; do IFS=: read name port pid <<< "$s"
  redis-cli -p $port flushall >/dev/null; sleep 0.5
  redis-benchmark -p $port -P 16 -r 100000000 --csv 2>/dev/null | grep -v '^"test"' | while IFS=, read -r t rps _; do
    echo "$r,$name,$(echo $t | tr -d '"'),$(echo $rps | tr -d '"')" >> $OUT/runs.csv; done
  echo "round $r $name done $(cut -d' ' -f1 /proc/loadavg)"
done; done
