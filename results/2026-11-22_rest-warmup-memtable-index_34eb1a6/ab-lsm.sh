#!/bin/bash
# A/B: old (dd879e1, skiplist find) vs new (hash index) lab jars, LSM workloads, alternating
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g"
KEYS=${KEYS:-1000000}
for r in $(seq 1 ${ROUNDS:-3}); do
 for v in ${ORDER:-old new}; do
  jar=/tmp/old/lab/target/panamax-lab.jar; [ $v = new ] && jar=/work/main/lab/target/panamax-lab.jar
  D=$(mktemp -d /tmp/mt/d.XXXX)
  $J $F -jar $jar lsm --engine panamax --keys $KEYS --workloads ${WL:-fillrandom,overwrite,readrandom,readmissing} --dir $D --json /tmp/mt/$v-$r.json > /tmp/mt/$v-$r.txt 2>&1
  echo "round $r $v: $(python3 -c "import json;d=json.load(open('/tmp/mt/$v-$r.json'))['panamax'];print(' '.join('%s=%d'%(k,v['ops_per_sec']) for k,v in d.items()))")"
  rm -rf $D
 done
done
