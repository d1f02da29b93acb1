#!/usr/bin/env bash
# JMH micro-benchmarks, each beside its anchors, with allocation per operation (-prof gc).
#
#   bench/jmh.sh                                   every benchmark, with the defaults in the classes
#   bench/jmh.sh YieldRoundTrip                    one class (a JMH regex)
#   bench/jmh.sh -wi 1 -i 1 -f 1 -w 1s -r 1s       a smoke run of everything
#
# Runs from the repository root so that the forks find -javaagent:agent/target/spindle-agent.jar
# (named in each class's @Fork). Environment: JAVA (default Temurin 25, which the virtual-thread
# anchors need), SKIP_BUILD=1 to reuse the jars. Results: bench/target/jmh/result-<time>.json.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "jmh.sh: building (mvn -Pbench package, tests skipped)"
  mvn -B -q -Pbench -DskipTests -pl agent,bench -am package >/dev/null
fi
mkdir -p bench/target/jmh
RESULT=bench/target/jmh/result-$(date -u +%Y%m%dT%H%M%SZ).json
exec "$JAVA" -jar bench/target/benchmarks.jar -prof gc -rf json -rff "$RESULT" "$@"
