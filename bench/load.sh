#!/usr/bin/env bash
# HTTP load: Spindle's HelloServer against four anchors, each pinned to one CPU, under wrk.
#
#   bench/load.sh                       the full run (10 s per run, 3 interleaved rounds, both scenarios)
#   bench/load.sh --duration 2 --warmup 1 --rounds 1      a smoke run (about a minute)
#
# Options: --duration S  --warmup S  --rounds N  --connections N  --scenario keepalive|close|both
#          --servers "spindle nio netty-nio netty-epoll virtual"  --skip-build
#          (also spindle-debug: HelloServer with -Dspindle.debug=true, not in the default set)
# Environment: JAVA (default Temurin 25), SERVER_CPU (0), CLIENT_CPU (1), RESULTS (bench/target/load),
#   EXAMPLES_JAR (default examples/target/spindle-examples.jar)
#
# Every server answers GET / with the same bytes: 200, Content-Type: text/plain,
# Content-Length: 13, Date, "Hello, world!". Traffic goes only to 127.0.0.1; every wrk run is bounded
# by its duration (and a timeout); the servers this script starts are stopped when it exits.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

DURATION=10
WARMUP=5
ROUNDS=3
CONNECTIONS=64
SCENARIO=both
SERVERS="spindle nio netty-nio netty-epoll virtual"
BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --scenario) SCENARIO=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    *) echo "load.sh: unknown option $1 (see the header of bench/load.sh)" >&2; exit 2 ;;
  esac
done

JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
RESULTS=${RESULTS:-$ROOT/bench/target/load}
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
EXAMPLES_JAR=${EXAMPLES_JAR:-$ROOT/examples/target/spindle-examples.jar}
AGENT_JAR=$ROOT/agent/target/spindle-agent.jar
# The same heap and collector for every server; the JVM sees one CPU (taskset) and sizes itself so.
COMMON_FLAGS=(-Xms256m -Xmx256m -XX:+UseSerialGC)
CLK_TCK=$(getconf CLK_TCK)
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')

if ! command -v wrk >/dev/null; then
  echo "load.sh: installing wrk (apt-get)"
  apt-get update -qq && apt-get install -y -qq wrk
fi
if [[ $BUILD == 1 ]]; then
  echo "load.sh: building (mvn -Pbench package, tests skipped)"
  mvn -B -q -Pbench -DskipTests package >/dev/null
fi

mkdir -p "$RESULTS"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$RESULTS/load-$STAMP.tsv
printf 'scenario\tround\tserver\trequests\tseconds\trequests_per_s\tp50_us\tp99_us\tcpu_us_per_request\terrors\tuser_us_per_request\n' > "$RAW"

declare -A PORT=([spindle]=18080 [nio]=18081 [netty-nio]=18082 [netty-epoll]=18083 [virtual]=18084
  [spindle-debug]=18085)
declare -A PID=()

stop_servers() {
  for name in "${!PID[@]}"; do
    kill "${PID[$name]}" 2>/dev/null || true
  done
  for name in "${!PID[@]}"; do
    wait "${PID[$name]}" 2>/dev/null || true
  done
}
trap stop_servers EXIT

# The command line of a server, or nothing if it cannot run here.
server_command() {
  local port=${PORT[$1]}
  case "$1" in
    spindle | spindle-debug)
      [[ -f $EXAMPLES_JAR ]] || return 0
      local agent=()
      if ! unzip -p "$EXAMPLES_JAR" META-INF/MANIFEST.MF | grep -q '^Launcher-Agent-Class'; then
        agent=(-javaagent:"$AGENT_JAR")
      fi
      [[ $1 == spindle-debug ]] && agent+=(-Dspindle.debug=true) # EventLoop.dump()'s tracking
      echo "$JAVA ${COMMON_FLAGS[*]} ${agent[*]} -jar $EXAMPLES_JAR --port $port" ;;
    nio)
      echo "$JAVA ${COMMON_FLAGS[*]} -cp $BENCH_JAR dev.spindle.bench.http.NioHelloServer --port $port" ;;
    netty-nio | netty-epoll)
      echo "$JAVA ${COMMON_FLAGS[*]} --enable-native-access=ALL-UNNAMED -cp $BENCH_JAR dev.spindle.bench.http.NettyHelloServer --port $port --transport ${1#netty-}" ;;
    virtual)
      (( JAVA_MAJOR >= 21 )) || return 0
      echo "$JAVA ${COMMON_FLAGS[*]} -Djdk.virtualThreadScheduler.parallelism=1 -cp $BENCH_JAR dev.spindle.bench.http.VirtualThreadHelloServer --port $port" ;;
    *) echo "load.sh: unknown server $1" >&2; exit 2 ;;
  esac
}

# The date changes every second: compare with it blanked.
EXPECTED=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nDate: -\r\n\r\nHello, world!')

start_server() {
  local name=$1 command
  command=$(server_command "$name")
  if [[ -z $command && $name == virtual ]]; then
    echo "load.sh: skipping virtual: virtual threads need JDK 21 or later; $JAVA is $JAVA_MAJOR"
    return 1
  elif [[ -z $command ]]; then
    echo "load.sh: skipping $name: $EXAMPLES_JAR does not exist yet (build the examples module)"
    return 1
  fi
  echo "load.sh: starting $name on CPU $SERVER_CPU: $command"
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" $command >"$RESULTS/$name-$STAMP.log" 2>&1 &
  PID[$name]=$!
  local url=http://127.0.0.1:${PORT[$name]}/
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null --max-time 1 "$url"; then
      local answer
      answer=$(curl -s -i --max-time 2 "$url" | sed -E 's/^Date: [^\r]*/Date: -/')
      if [[ $answer != "$EXPECTED" ]]; then
        echo "load.sh: WARNING: $name answers differently from the others:"
        printf '%s\n' "$answer" | sed 's/^/    /'
      fi
      if ! python3 "$ROOT/bench/probe_server.py" "${PORT[$name]}"; then
        echo "load.sh: WARNING: $name failed a behaviour check above; its numbers may not compare"
      fi
      return 0
    fi
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then
      echo "load.sh: $name exited at start; its log:"; cat "$RESULTS/$name-$STAMP.log"; exit 1
    fi
    sleep 0.2
  done
  echo "load.sh: $name did not answer within 20 s; its log:"; cat "$RESULTS/$name-$STAMP.log"; exit 1
}

# utime and stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12, $13 }' "/proc/$1/stat"
}

# Runs wrk once against a server; prints one TSV row (without scenario and round).
measure() {
  local name=$1 duration=$2 scenario=$3 header=()
  [[ $scenario == close ]] && header=(-H "Connection: close")
  local user0 system0 user1 system1 output
  read -r user0 system0 < <(cpu_ticks "${PID[$name]}")
  output=$(taskset -c "$CLIENT_CPU" timeout $((duration + 30)) \
    wrk -t1 -c"$CONNECTIONS" -d"${duration}s" --latency "${header[@]}" "http://127.0.0.1:${PORT[$name]}/")
  read -r user1 system1 < <(cpu_ticks "${PID[$name]}")
  printf '%s\n' "$output" > "$RESULTS/wrk-$name-$scenario-$STAMP-last.txt"
  printf '%s\n' "$output" | awk -v name="$name" -v hz="$CLK_TCK" \
      -v ticks=$((user1 + system1 - user0 - system0)) -v user_ticks=$((user1 - user0)) '
    function micros(text,   value) {
      value = text + 0
      if (text ~ /us$/) return value
      if (text ~ /ms$/) return value * 1000
      if (text ~ /m$/) return value * 60e6
      if (text ~ /s$/) return value * 1e6
      return value
    }
    / requests in / { requests = $1; seconds = $4; sub(/s,?$/, "", seconds) }
    /^Requests\/sec:/ { rate = $2 }
    $1 == "50%" { p50 = micros($2) }
    $1 == "99%" { p99 = micros($2) }
    /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    END {
      cpu = requests > 0 ? ticks * 1e6 / hz / requests : 0
      user = requests > 0 ? user_ticks * 1e6 / hz / requests : 0
      printf "%s\t%d\t%s\t%.0f\t%.1f\t%.1f\t%.2f\t%d\t%.2f\n", name, requests, seconds, rate, p50, p99, cpu, errors, user
    }'
}

RUNNING=()
for name in $SERVERS; do
  if start_server "$name"; then
    RUNNING+=("$name")
  fi
done
[[ ${#RUNNING[@]} -gt 0 ]] || { echo "load.sh: no server to measure"; exit 1; }

case $SCENARIO in
  both) SCENARIOS=(keepalive close) ;;
  keepalive | close) SCENARIOS=("$SCENARIO") ;;
  *) echo "load.sh: --scenario must be keepalive, close or both: $SCENARIO" >&2; exit 2 ;;
esac

echo "load.sh: java $("$JAVA" -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1); kernel $(uname -r)"
echo "load.sh: servers on CPU $SERVER_CPU, wrk -t1 -c$CONNECTIONS on CPU $CLIENT_CPU, ${DURATION}s runs, ${WARMUP}s warm-up, $ROUNDS rounds"
for scenario in "${SCENARIOS[@]}"; do
  for name in "${RUNNING[@]}"; do
    echo "load.sh: [$scenario] warm-up $name (${WARMUP}s)"
    measure "$name" "$WARMUP" "$scenario" >/dev/null
  done
  for round in $(seq 1 "$ROUNDS"); do
    for name in "${RUNNING[@]}"; do
      row=$(measure "$name" "$DURATION" "$scenario")
      printf '%s\t%s\t%s\n' "$scenario" "$round" "$row" >> "$RAW"
      printf 'load.sh: [%s] round %s  %s\n' "$scenario" "$round" "$row"
    done
  done
done

echo
echo "Raw results: $RAW"
python3 "$ROOT/bench/load_summary.py" "$RAW"
