#!/bin/bash
# Same as ab.sh, one jar built from 6f29570 plus a temporary system property panamax.lsm.gatherDiv (the leader gathers
# for at most fsync average / div; 4 is the committed value). Not committed: no difference beyond the noise.
# ab.sh ROUNDS: fsync always, 40,000 writes of 16 B / 100 B, 1 and 16 writer threads, old (9eedaff) and new (6f29570)
# lab jars alternating run by run; each run a fresh JVM (bin/panamax's flags) and a fresh store directory.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
FLAGS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g"
one() { # jar threads
  rm -rf /tmp/gc/store; mkdir -p /tmp/gc/store
  out=$($J $FLAGS $3 -jar $1 lsm --engine panamax --keys 40000 --fsync always --threads $2 --workloads fillrandom --dir /tmp/gc/store 2>&1)
  ops=$(echo "$out" | grep '| panamax  | fillrandom' | head -1 | awk -F'|' '{gsub(/ /,"",$4); print $4}')
  g=$(echo "$out" | grep -o 'batches/groups=[0-9]*/[0-9]*' | head -1 | cut -d/ -f3)
  f=$(echo "$out" | grep -o 'walSyncs=[0-9]* ([0-9]* us' | head -1 | grep -o '([0-9]*' | tr -d '(')
  h=$(echo "$out" | grep -o 'handoffs=[0-9]*' | head -1)
  echo "$ops/s groups=$g fsync=${f}us $h"
}
for r in $(seq 1 $1); do
  a=$(one div.jar 1); b=$(one div.jar 16); c=$(one div.jar 16 -Dpanamax.lsm.gatherDiv=2); d=$(one div.jar 16 -Dpanamax.lsm.gatherDiv=1)
  echo "round $r | 1w: $a | 16w div4: $b | 16w div2: $c | 16w div1: $d"
done
