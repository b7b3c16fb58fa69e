#!/bin/bash
# base.jar = lab jar at 9eedaff, final.jar = lab jar at 6f29570 (same code as the commit); 300,000 writes, fsync no.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
one() { rm -rf /tmp/gc/store; mkdir -p /tmp/gc/store
  $J --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xss2m -jar $1 lsm --engine panamax --keys 300000 --fsync no --threads $2 --workloads fillrandom --dir /tmp/gc/store 2>&1 | grep '| panamax  | fillrandom' | head -1 | awk -F'|' '{gsub(/ /,"",$4); print $4}'; }
for r in 1 2 3; do echo "round $r base16 $(one base.jar 16) new16 $(one final.jar 16) base1 $(one base.jar 1) new1 $(one final.jar 1)"; done
