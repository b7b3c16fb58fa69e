#!/usr/bin/env bash
# usage: bench.sh OUTDIR RUN
set -u
cd /work/wt-lsmspeed
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
OUT=$1; RUN=$2
mkdir -p "$OUT"
log() { echo "== $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg) :: $*" | tee -a "$OUT/run$RUN.log"; }
log "run $RUN 16/100"
bin/panamax lab lsm --engine both --keys 1000000 --key-bytes 16 --value-bytes 100 \
  --workloads fillrandom,readrandom,readseq,readseq --dir /tmp/lsmspeed/b16 \
  --json "$OUT/k16_v100_1m_run$RUN.json" 2>&1 | tee -a "$OUT/run$RUN.log"
log "run $RUN 500/500"
bin/panamax lab lsm --engine both --keys 1000000 --key-bytes 500 --value-bytes 500 \
  --workloads fillrandom,readrandom,readrandom,readmissing --dir /tmp/lsmspeed/b500 \
  --json "$OUT/k500_v500_1m_run$RUN.json" 2>&1 | tee -a "$OUT/run$RUN.log"
for t in 1 16; do
  log "run $RUN fsync always threads $t"
  bin/panamax lab lsm --engine both --keys 4000 --fsync always --threads $t --workloads fillrandom \
    --dir /tmp/lsmspeed/bf --json "$OUT/fsync_always_threads${t}_run$RUN.json" 2>&1 | tee -a "$OUT/run$RUN.log"
done
log "run $RUN done"
rm -rf /tmp/lsmspeed/b16 /tmp/lsmspeed/b500 /tmp/lsmspeed/bf
