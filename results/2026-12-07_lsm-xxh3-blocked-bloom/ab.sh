#!/usr/bin/env bash
# usage: lsmab.sh OUT ROUNDS  — A/B of the rkv-shape get: base jar vs new jar, alternating
OUT=$1; R=${2:-3}; mkdir -p $OUT
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
FL="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g"
for r in $(seq 1 $R); do for v in base new; do
  jar=/tmp/w/base/lab/target/panamax-lab.jar; [ $v = new ] && jar=/work/main/lab/target/panamax-lab.jar
  echo "== round $r $v load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $OUT/run.log
  rm -rf /tmp/w/ab500
  $J $FL -jar $jar lsm --engine panamax --keys 1000000 --key-bytes 500 --value-bytes 500 \
    --workloads fillrandom,readrandom,readrandom,readmissing --dir /tmp/w/ab500 --json $OUT/${v}_r$r.json 2>&1 | grep "^| panamax" | head -4 | tee -a $OUT/run.log
done; done
rm -rf /tmp/w/ab500
