#!/usr/bin/env bash
# volab.sh OUT ROUNDS: read test (1000 keys, 200,000 GETs through the 302) against master + 5 of our volumes,
# servers pinned to CPU 1 and the lab's client to CPU 0; base jar vs new jar, alternating; server CPU from /proc.
OUT=$1; R=${2:-3}; mkdir -p $OUT; cd /tmp/mkv
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
FL="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g"
LAB=/work/main/lab/target/panamax-lab.jar
ticks() { local s=0; for p in "$@"; do s=$((s + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $s; }
for r in $(seq 1 $R); do for v in base new; do
  JAR=/tmp/w/base/server/target/panamax.jar; [ $v = new ] && JAR=/work/main/server/target/panamax.jar
  rm -rf /tmp/mkv/ab; mkdir -p /tmp/mkv/ab; pids=(); vols=""
  for p in 3101 3102 3103 3104 3105; do mkdir -p ab/v$p; taskset -c 1 $J $FL -jar $JAR blob volume --port $p --dir /tmp/mkv/ab/v$p > ab/vol$p.log 2>&1 & pids+=($!); vols="$vols,127.0.0.1:$p"; done
  taskset -c 1 $J $FL -jar $JAR blob master --port 3100 --volumes ${vols#,} --replicas 3 --subvolumes 10 --index /tmp/mkv/ab/idx > ab/master.log 2>&1 & pids+=($!)
  for i in $(seq 1 100); do curl -s -o /dev/null 127.0.0.1:3100/x?list && break; sleep 0.2; done
  for w in 1 2 3 4; do taskset -c 0 $J $FL -jar $LAB thrasher --host 127.0.0.1 --port 3100 --read --keys 1000 --gets 100000 --seed $w > /dev/null 2>&1; done
  t0=$(ticks "${pids[@]}"); s0=$(date +%s.%N)
  out=$(taskset -c 0 $J $FL -jar $LAB thrasher --host 127.0.0.1 --port 3100 --read --keys 1000 --gets 200000 --seed 99 2>&1)
  t1=$(ticks "${pids[@]}")
  echo "round $r $v: $(echo "$out" | grep -iE "GET/s|gets/s|rps" | head -2 | tr '\n' ' ') server_cpu_s=$(echo "scale=2; ($t1-$t0)/100" | bc)" | tee -a $OUT/run.log
  echo "$out" > $OUT/${v}_r$r.txt
  kill "${pids[@]}"; sleep 2
done; done
