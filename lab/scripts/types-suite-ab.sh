#!/usr/bin/env bash
# redis-benchmark's whole default suite (no -t) against redis-server and Panamax, alternating server by
# server within each round, at -P 1 and -P 16; writes OUT_DIR/runs.csv (round,pipeline,server,test,rps,loadavg)
# and OUT_DIR/ratios.csv (per test: median rps of each server over the rounds and panamax/redis).
#
#   [PANAMAX_SHARDS=N] lab/scripts/types-suite-ab.sh OUT_DIR ROUNDS PANAMAX_JAR [REDIS_PORT PANAMAX_PORT]
set -euo pipefail
OUT="$1"; ROUNDS="$2"; JAR="$3"; RP="${4:-25001}"; PP="${5:-25002}"
mkdir -p "$OUT"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JVM_FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m
  -Xmx2g -XX:SoftMaxHeapSize=256m -XX:MaxDirectMemorySize=16g)
wait_port() { for _ in $(seq 1 900); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }

redis-server --port "$RP" --save "" --appendonly no --daemonize no > "$OUT/redis.log" 2>&1 &
RPID=$!
"$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR" server --port "$PP" --cache-port 0 --http-port 0 ${PANAMAX_SHARDS:+--shards "$PANAMAX_SHARDS"} > "$OUT/panamax.log" 2>&1 &
PPID_=$!
trap 'kill $RPID $PPID_ 2>/dev/null || true' EXIT
wait_port "$RP"; wait_port "$PP"
# JIT warm-up of the JVM server, not measured.
redis-benchmark -p "$PP" -q -r 100000000 -P 16 -n 200000 >/dev/null 2>&1 || true
redis-benchmark -p "$PP" -q -r 100000000 -P 1 -n 20000 >/dev/null 2>&1 || true
echo "round,pipeline,server,test,rps,exit,loadavg" > "$OUT/runs.csv"
for round in $(seq 1 "$ROUNDS"); do
  for p in 1 16; do
    for server in redis panamax; do
      port=$([ $server = redis ] && echo "$RP" || echo "$PP")
      redis-cli -p "$port" flushall >/dev/null
      set +e
      out=$(redis-benchmark -p "$port" -r 100000000 -P "$p" --csv 2>"$OUT/stderr-$round-$p-$server.txt")
      rc=$?
      set -e
      echo "$out" > "$OUT/raw-$round-P$p-$server.csv"
      load=$(cut -d' ' -f1 /proc/loadavg)
      echo "$out" | grep -v '^"test"' | while IFS=, read -r test rps _; do
        echo "$round,$p,$server,$(echo "$test" | tr -d '"'),$(echo "$rps" | tr -d '"'),$rc,$load" >> "$OUT/runs.csv"
      done
      echo "round $round P$p $server exit=$rc load=$load"
    done
  done
done
python3 - "$OUT" <<'PY'
import csv, sys, statistics, collections
out = sys.argv[1]
rows = list(csv.DictReader(open(out + "/runs.csv")))
rps = collections.defaultdict(list)
order = []
for r in rows:
    k = (r["pipeline"], r["test"])
    if k not in order: order.append(k)
    rps[(r["pipeline"], r["test"], r["server"])].append(float(r["rps"]))
with open(out + "/ratios.csv", "w") as f:
    f.write("pipeline,test,redis_median_rps,panamax_median_rps,ratio,target,meets\n")
    for p, t in order:
        red = statistics.median(rps[(p, t, "redis")]); pan = statistics.median(rps[(p, t, "panamax")])
        target = 1.5 if p == "16" else 1.0
        f.write(f"{p},{t},{red:.0f},{pan:.0f},{pan/red:.2f},{target},{'yes' if pan/red >= target else 'NO'}\n")
print(open(out + "/ratios.csv").read())
PY
