#!/usr/bin/env bash
# Issue 3's targets in one sitting: group commit (gc.sh), 16 B/100 B vs RocksDB, rkv's 500 B/500 B get.
set -u
OUT=/tmp/w/s3; cd /work/main
log() { echo "== $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg) :: $*" | tee -a $OUT/run.log; }
log "group commit, 7 rounds"
ROUNDS=7 bash $OUT/gc.sh 2>&1 | tee $OUT/sitting.out
log "16/100 1M both engines"
bin/panamax lab lsm --engine both --keys 1000000 --key-bytes 16 --value-bytes 100 \
  --workloads fillrandom,readrandom,readseq,readseq --dir /tmp/lsmq/b16 --json $OUT/k16_v100_1m.json 2>&1 | tee -a $OUT/run.log
rm -rf /tmp/lsmq
for r in 1 2 3; do
  log "500/500 1M panamax round $r"
  bin/panamax lab lsm --engine panamax --keys 1000000 --key-bytes 500 --value-bytes 500 \
    --workloads fillrandom,readrandom,readrandom,readmissing --dir /tmp/lsmq/b500 --json $OUT/k500_v500_1m_round$r.json 2>&1 | tee -a $OUT/run.log
  rm -rf /tmp/lsmq
done
log done
