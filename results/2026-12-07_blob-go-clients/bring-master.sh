#!/usr/bin/env bash
cd /tmp/mkv
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; JAR=${JAR:-/work/main/server/target/panamax.jar}
FL="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Xmx1g"
if [ "$1" = down ]; then kill $(cat master.pid); sleep 2; exit 0; fi
shift; rm -rf idx
nohup $J $FL -jar $JAR blob master --port 3000 --volumes localhost:3001,localhost:3002,localhost:3003,localhost:3004,localhost:3005 --replicas 3 --subvolumes 10 --index /tmp/mkv/idx "$@" > master.log 2>&1 & echo $! > master.pid
for i in $(seq 1 50); do curl -s -o /dev/null localhost:3000/x?list && break; sleep 0.2; done
