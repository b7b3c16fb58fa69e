#!/bin/bash
# fsync always, fillrandom 40,000 writes of 16 B / 100 B: 1 writer, 16 writers with group commit, 16 writers without
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g"
JAR=${JAR:-/work/main/lab/target/panamax-lab.jar}
for r in $(seq 1 ${ROUNDS:-5}); do
  for v in t1 t16 t16-off t16-off-park; do
    case $v in t1) a="--threads 1";; t16) a="--threads 16";; t16-off) a="--threads 16 --no-group-commit";; t16-off-park) a="--threads 16 --no-group-commit --no-writer-yield";; esac
    D=$(mktemp -d /tmp/gc2/d.XXXX)
    out=$($J $F -jar $JAR lsm --engine panamax --keys 40000 --fsync always $a --workloads fillrandom --dir $D 2>&1)
    rm -rf $D
    echo "round $r $v: $(echo "$out" | grep -m1 '^| panamax' | tr -s ' ') $(echo "$out" | grep -m1 'batches/groups' | grep -o 'batches/groups=[^ ]* ([^)]*)\|walSyncs=[0-9]* ([0-9]* us each)' | tr '\n' ' ')"
  done
done
