#!/usr/bin/env bash
# The final measurement run: every instrument with its full settings, one after the other, each
# one's output kept in bench/target/final-<time>/ for docs/PERFORMANCE.md. Takes about 45 minutes
# and needs the machine to itself (stop other builds first: they are noise).
#
#   bench/run-all.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=$ROOT/bench/target/final-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
echo "run-all.sh: building once (mvn -Pbench package, tests skipped); results in $OUT"
mvn -B -q -Pbench -DskipTests package >/dev/null
{
  echo "date: $(date -u)"; echo "kernel: $(uname -r)"; lscpu | grep -E 'Model name|^CPU\(s\)'
  echo "load before: $(cat /proc/loadavg)"
  "${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}" -version 2>&1
  wrk -v 2>&1 | head -1 || true
} > "$OUT/machine.txt"

export SKIP_BUILD=1
bench/jmh.sh -e AgentTransform 2>&1 | tee "$OUT/jmh.txt"   # the agent benchmark runs in agent-cost.sh
bench/memory.sh 2>&1 | tee "$OUT/memory.txt"
bench/agent-cost.sh 2>&1 | tee "$OUT/agent-cost.txt"
RESULTS=$OUT/load bench/load.sh --skip-build 2>&1 | tee "$OUT/load.txt"
echo "load after: $(cat /proc/loadavg)" >> "$OUT/machine.txt"
echo "run-all.sh: done; results in $OUT"
