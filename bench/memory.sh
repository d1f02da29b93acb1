#!/usr/bin/env bash
# Memory per suspended task: Spindle @Async calls vs Kotlin coroutines vs virtual threads.
#
#   bench/memory.sh                 1,000,000 of each, 3 runs each (a few minutes)
#   bench/memory.sh 100000 1        a smoke run: 100,000 of each, once
#
# Each contender runs in its own JVM with the same flags; the number is heap in use after a full
# GC (and RSS) while all N are suspended, minus the same reading before, divided by N.
# Environment: JAVA (default Temurin 25), SKIP_BUILD=1 to reuse the jars.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
COUNT=${1:-1000000}
RUNS=${2:-3}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
FLAGS=(-Xms8g -Xmx8g -XX:+UseParallelGC)
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "memory.sh: building (mvn -Pbench package, tests skipped)"
  mvn -B -q -Pbench -DskipTests -pl agent,bench -am package >/dev/null
fi

echo "memory.sh: java $("$JAVA" -version 2>&1 | head -1); flags ${FLAGS[*]}; $COUNT tasks each, $RUNS run(s) each, interleaved"
echo
echo "| contender | heap bytes per suspended task | RSS bytes per suspended task |"
echo "|---|---:|---:|"
RAW=()
for _ in $(seq 1 "$RUNS"); do
for contender in spindle kotlin virtual; do
  extra=()
  [[ $contender == spindle ]] && extra=(-javaagent:"$ROOT/agent/target/spindle-agent.jar")
  [[ $contender == virtual ]] && extra=(-Djdk.virtualThreadScheduler.parallelism=1)
  output=$(timeout 600 "$JAVA" "${FLAGS[@]}" "${extra[@]}" -cp bench/target/benchmarks.jar \
      dev.spindle.bench.memory.SuspendedTaskMemory "$contender" "$COUNT" 2>&1) || true
  line=$(grep '^contender=' <<<"$output" || true)
  if [[ -n $line ]]; then
    heap=$(sed -E 's/.*heapBytesPerTask=([^ ]+).*/\1/' <<<"$line")
    rss=$(sed -E 's/.*rssBytesPerTask=([^ ]+).*/\1/' <<<"$line")
    echo "| $contender | $heap | $rss |"
    RAW+=("$line")
  else
    echo "| $contender | failed: $(grep -m1 -E 'Exception|Error' <<<"$output" || head -1 <<<"$output") | |"
  fi
done
done
echo
printf '%s\n' "${RAW[@]}"
