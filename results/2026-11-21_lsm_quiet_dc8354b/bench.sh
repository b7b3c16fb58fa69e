#!/usr/bin/env bash
# usage: results/<dir>/bench.sh OUTDIR  (from the repo root) — rkv's shape and group commit on a quiet machine
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
OUT=$1; mkdir -p "$OUT"
log() { echo "== $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg) :: $*" | tee -a "$OUT/run.log"; }
log "500/500 panamax"
bin/panamax lab lsm --engine panamax --keys 1000000 --key-bytes 500 --value-bytes 500 \
  --workloads fillrandom,readrandom,readrandom,readmissing --dir /tmp/lsmquiet/b500 \
  --json "$OUT/k500_v500_1m.json" 2>&1 | tee -a "$OUT/run.log"
for r in 1 2 3; do for t in 1 16; do
  log "fsync always threads $t round $r"
  bin/panamax lab lsm --engine panamax --keys 4000 --fsync always --threads $t --workloads fillrandom \
    --dir /tmp/lsmquiet/bf --json "$OUT/fsync_always_threads${t}_round$r.json" 2>&1 | tee -a "$OUT/run.log"
done; done
log done
rm -rf /tmp/lsmquiet
