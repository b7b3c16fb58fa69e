#!/usr/bin/env bash
# usage: bench.sh OUTDIR  (from the repo root) — issue 3's three targets in one sitting, quiet machine
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
OUT=$1; mkdir -p "$OUT"
log() { echo "== $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg) :: $*" | tee -a "$OUT/run.log"; }
log "16/100 1M both engines"
bin/panamax lab lsm --engine both --keys 1000000 --key-bytes 16 --value-bytes 100 \
  --workloads fillrandom,readrandom,readseq,readseq --dir /tmp/lsmq/b16 \
  --json "$OUT/k16_v100_1m.json" 2>&1 | tee -a "$OUT/run.log"
for r in 1 2 3; do
  log "500/500 1M panamax round $r"
  bin/panamax lab lsm --engine panamax --keys 1000000 --key-bytes 500 --value-bytes 500 \
    --workloads fillrandom,readrandom,readrandom,readmissing --dir /tmp/lsmq/b500 \
    --json "$OUT/k500_v500_1m_round$r.json" 2>&1 | tee -a "$OUT/run.log"
done
for r in 1 2 3; do for t in 1 16; do
  log "fsync always threads $t round $r"
  bin/panamax lab lsm --engine panamax --keys 40000 --fsync always --threads $t --workloads fillrandom \
    --dir /tmp/lsmq/bf --json "$OUT/fsync_always_threads${t}_round$r.json" 2>&1 | tee -a "$OUT/run.log"
done; done
for t in 1 16; do
  log "rocksdb fsync always threads $t"
  bin/panamax lab lsm --engine rocksdb --keys 40000 --fsync always --threads $t --workloads fillrandom \
    --dir /tmp/lsmq/bfr --json "$OUT/rocksdb_fsync_always_threads${t}.json" 2>&1 | tee -a "$OUT/run.log"
done
log done
rm -rf /tmp/lsmq
