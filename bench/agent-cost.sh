#!/usr/bin/env bash
# Agent cost, three ways:
#   1. start-to-first-request: JVM start until the first 200 from GET /, for HelloServer with the
#      agent, the same HelloServer without the agent running its classes as the agent rewrote
#      them (dumped once with -Dspindle.dump: the same server with no load-time rewriting), and
#      the hand-written NIO hello server without and with the agent installed;
#   2. cost per loaded class without @Async: ClassLoadCost with and without -javaagent;
#   3. time to transform a class with N @Async methods: JMH AgentTransformBenchmark.
#
#   bench/agent-cost.sh                  the full run (10 starts each, 5 class-load rounds, JMH defaults)
#   bench/agent-cost.sh --smoke          3 starts, 2 rounds, JMH -wi 1 -i 1 -f 1
#
# Environment: JAVA (default Temurin 25), SERVER_CPU (0), CLIENT_CPU (1), SKIP_BUILD=1,
#   EXAMPLES_JAR (default examples/target/spindle-examples.jar).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
STARTS=10
ROUNDS=5
JMH_ARGS=()
if [[ ${1:-} == --smoke ]]; then
  STARTS=3
  ROUNDS=2
  JMH_ARGS=(-wi 1 -i 1 -f 1 -w 1s -r 1s)
fi
AGENT=$ROOT/agent/target/spindle-agent.jar
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
EXAMPLES_JAR=${EXAMPLES_JAR:-$ROOT/examples/target/spindle-examples.jar}
FLAGS=(-Xms256m -Xmx256m -XX:+UseSerialGC)
PORT=18090

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "agent-cost.sh: building (mvn -Pbench package, tests skipped)"
  mvn -B -q -Pbench -DskipTests package >/dev/null
fi
echo "agent-cost.sh: java $("$JAVA" -version 2>&1 | head -1); flags ${FLAGS[*]}"

SERVER=
trap '[[ -n $SERVER ]] && kill $SERVER 2>/dev/null; true' EXIT

# Milliseconds from exec to the first successful GET / of one server start.
first_request_ms() {
  local start end
  start=$(date +%s%N)
  # shellcheck disable=SC2068
  taskset -c "$SERVER_CPU" "$JAVA" ${FLAGS[@]} "$@" --port $PORT >/dev/null 2>&1 &
  SERVER=$!
  local deadline=$((start + 30000000000))
  until taskset -c "$CLIENT_CPU" curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/"; do
    if (( $(date +%s%N) > deadline )) || ! kill -0 "$SERVER" 2>/dev/null; then
      echo "failed"; kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=; return
    fi
  done
  end=$(date +%s%N)
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
  echo $(( (end - start) / 1000000 ))
}

main_class() { unzip -p "$1" META-INF/MANIFEST.MF | sed -n 's/^Main-Class: *//p' | tr -d '\r'; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo
echo "## 1. JVM start to first request (ms, median of $STARTS, interleaved)"
declare -A TIMES=()
CONTENDERS=(nio nio+agent)
REWRITTEN=$ROOT/bench/target/agent-cost/rewritten
if [[ -f $EXAMPLES_JAR ]]; then
  CONTENDERS=(spindle spindle-prerewritten "${CONTENDERS[@]}")
  # Once, with the agent: serve one request and keep every class the agent rewrote.
  rm -rf "$REWRITTEN"; mkdir -p "$REWRITTEN"
  first_request_ms -Dspindle.dump="$REWRITTEN" -jar "$EXAMPLES_JAR" >/dev/null
  echo "(classes rewritten ahead of time: $(find "$REWRITTEN" -name '*.class' | wc -l), in $REWRITTEN)"
else
  echo "(HelloServer skipped: $EXAMPLES_JAR does not exist yet)"
fi
for _ in $(seq 1 "$STARTS"); do
  for contender in "${CONTENDERS[@]}"; do
    case $contender in
      spindle)
        if unzip -p "$EXAMPLES_JAR" META-INF/MANIFEST.MF | grep -q '^Launcher-Agent-Class'; then
          ms=$(first_request_ms -jar "$EXAMPLES_JAR")
        else
          ms=$(first_request_ms -javaagent:"$AGENT" -jar "$EXAMPLES_JAR")
        fi ;;
      spindle-prerewritten)
        ms=$(first_request_ms -cp "$REWRITTEN:$EXAMPLES_JAR" "$(main_class "$EXAMPLES_JAR")") ;;
      nio) ms=$(first_request_ms -cp "$BENCH_JAR" dev.spindle.bench.http.NioHelloServer) ;;
      nio+agent) ms=$(first_request_ms -javaagent:"$AGENT" -cp "$BENCH_JAR" dev.spindle.bench.http.NioHelloServer) ;;
    esac
    TIMES[$contender]+="$ms "
  done
done
echo "| server | median ms | all runs |"
echo "|---|---:|---|"
for contender in "${CONTENDERS[@]}"; do
  echo "| $contender | $(tr ' ' '\n' <<<"${TIMES[$contender]}" | grep -E '^[0-9]+$' | median) | ${TIMES[$contender]}|"
done

echo
echo "## 2. Loading classes without @Async (Netty and Kotlin classes of benchmarks.jar)"
for mode in without with; do
  agent=()
  [[ $mode == with ]] && agent=(-javaagent:"$AGENT")
  echo "### $mode the agent"
  taskset -c "$SERVER_CPU" "$JAVA" "${FLAGS[@]}" "${agent[@]}" -cp "$BENCH_JAR" \
    dev.spindle.bench.agent.ClassLoadCost "$BENCH_JAR" "$ROUNDS"
done

echo
echo "## 3. Transforming a class with N @Async methods (JMH)"
"$JAVA" -jar "$BENCH_JAR" "${JMH_ARGS[@]}" -prof gc AgentTransformBenchmark \
  | grep -E '^(Benchmark|AgentTransformBenchmark)' | grep -v -E 'gc\.(count|time|alloc\.rate )|churn'
