#!/bin/bash
# ab.sh ROUNDS: fsync always, 40,000 writes of 16 B / 100 B, 1 and 16 writer threads, old (9eedaff) and new (6f29570)
# lab jars alternating run by run; each run a fresh JVM (bin/panamax's flags) and a fresh store directory.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
FLAGS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g"
one() { # jar threads
  rm -rf /tmp/gc/store; mkdir -p /tmp/gc/store
  out=$($J $FLAGS -jar $1 lsm --engine panamax --keys 40000 --fsync always --threads $2 --workloads fillrandom --dir /tmp/gc/store 2>&1)
  ops=$(echo "$out" | grep '| panamax  | fillrandom' | head -1 | awk -F'|' '{gsub(/ /,"",$4); print $4}')
  g=$(echo "$out" | grep -o 'batches/groups=[0-9]*/[0-9]*' | head -1 | cut -d/ -f3)
  f=$(echo "$out" | grep -o 'walSyncs=[0-9]* ([0-9]* us' | head -1 | grep -o '([0-9]*' | tr -d '(')
  h=$(echo "$out" | grep -o 'handoffs=[0-9]*' | head -1)
  echo "$ops/s groups=$g fsync=${f}us $h"
}
for r in $(seq 1 $1); do
  a=$(one base-9eedaff.jar 1); b=$(one base-9eedaff.jar 16); c=$(one new-6f29570.jar 1); d=$(one new-6f29570.jar 16)
  echo "round $r | old 1w: $a | old 16w: $b | new 1w: $c | new 16w: $d"
done
