#!/usr/bin/env bash
# Memory of one big collection per type: loads a 1M-member sorted set (ZADD, 16-byte members, integer scores), a
# 1M-field hash (16-byte fields, 16-byte values) and a 1M-element list (16-byte elements) into redis-server and into
# Panamax (1000 members per command, redis-cli --pipe), one type at a time after FLUSHALL, and records the INFO
# used_memory delta of each server (Panamax: off-heap bytes handed out by its slab allocator plus keyspace tables).
#
#   lab/scripts/types-memory.sh OUT_DIR PANAMAX_JAR [REDIS_PORT PANAMAX_PORT]
set -euo pipefail
OUT="$1"; JAR="$2"; RP="${3:-25011}"; PP="${4:-25012}"
mkdir -p "$OUT"
N=1000000
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
wait_port() { for _ in $(seq 1 900); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
field() { redis-cli -p "$1" info "$3" | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'; }
gen() { # $1 = type
  awk -v n=$N -v t="$1" 'BEGIN {
    per = 1000
    for (b = 0; b < n / per; b++) {
      if (t == "zset") { printf "*%d\r\n$4\r\nZADD\r\n$3\r\nbig\r\n", 2 + 2 * per }
      else if (t == "hash") { printf "*%d\r\n$4\r\nHSET\r\n$3\r\nbig\r\n", 2 + 2 * per }
      else { printf "*%d\r\n$5\r\nRPUSH\r\n$3\r\nbig\r\n", 2 + per }
      for (i = b * per; i < (b + 1) * per; i++) {
        m = sprintf("member:%09d", i)
        if (t == "zset") { s = sprintf("%d", i); printf "$%d\r\n%s\r\n$16\r\n%s\r\n", length(s), s, m }
        else if (t == "hash") { printf "$16\r\n%s\r\n$16\r\nvalue:%010d\r\n", m, i }
        else { printf "$16\r\n%s\r\n", m }
      }
    }
  }' > "$OUT/load-$1.resp"
}
redis-server --port "$RP" --save "" --appendonly no --daemonize no > "$OUT/redis-memory.log" 2>&1 &
RPID=$!
"$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xmx2g \
  -jar "$JAR" server --port "$PP" --cache-port 0 --http-port 0 > "$OUT/panamax-memory.log" 2>&1 &
PPID_=$!
trap 'kill $RPID $PPID_ 2>/dev/null || true; rm -f "$OUT"/load-*.resp' EXIT
wait_port "$RP"; wait_port "$PP"
echo "type,server,members,used_before,used_after,delta_bytes,bytes_per_member,encoding" > "$OUT/memory.csv"
for type in zset hash list; do
  gen "$type"
  for port in "$RP" "$PP"; do
    name=$([ "$port" = "$RP" ] && echo redis || echo panamax)
    redis-cli -p "$port" flushall > /dev/null
    sleep 1
    before=$(field "$port" used_memory memory)
    redis-cli -p "$port" --pipe < "$OUT/load-$type.resp" > /dev/null
    sleep 2
    after=$(field "$port" used_memory memory)
    members=$(redis-cli -p "$port" eval "return 0" 0 >/dev/null 2>&1; case $type in zset) redis-cli -p "$port" zcard big;; hash) redis-cli -p "$port" hlen big;; list) redis-cli -p "$port" llen big;; esac | tr -d '\r')
    enc=$(redis-cli -p "$port" object encoding big | tr -d '\r')
    echo "$type,$name,$members,$before,$after,$((after - before)),$(echo "scale=1; ($after - $before) / $members" | bc),$enc" | tee -a "$OUT/memory.csv"
  done
done
