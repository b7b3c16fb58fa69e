#!/usr/bin/env bash
# bring.sh up|down [master flags...]: 5 volumes on 3001-3005 and a master on 3000 (R=3, S=10), as Go's tools/bringup.sh
cd /tmp/mkv
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; JAR=${JAR:-/work/main/server/target/panamax.jar}
FL="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xmx1g"
if [ "$1" = down ]; then for f in *.pid; do kill $(cat $f) 2>/dev/null; done; sleep 2; rm -f *.pid; exit 0; fi
shift
rm -rf v300? idx; 
for p in 3001 3002 3003 3004 3005; do mkdir -p v$p; nohup $J $FL -jar $JAR blob volume --port $p --dir /tmp/mkv/v$p > vol$p.log 2>&1 & echo $! > vol$p.pid; done
nohup $J $FL -jar $JAR blob master --port 3000 --volumes localhost:3001,localhost:3002,localhost:3003,localhost:3004,localhost:3005 --replicas 3 --subvolumes 10 --index /tmp/mkv/idx "$@" > master.log 2>&1 & echo $! > master.pid
for i in $(seq 1 50); do curl -s -o /dev/null localhost:3000/x?list && break; sleep 0.2; done
