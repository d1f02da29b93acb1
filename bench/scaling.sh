#!/usr/bin/env bash
# Many cores: HelloServer with --loops 1, 2, 4, ... beside Netty with as many event loops, under wrk.
#
#   bench/scaling.sh                                     1, 2, 4, 8, 16 loops, where the CPUs allow
#   bench/scaling.sh --loops "1 2" --duration 3 --warmup 2 --rounds 1     a smoke run
#   SERVER_CPUS=0-1 CLIENT_CPUS=0-1 bench/scaling.sh --loops "1 2" --pin all --total-connections 256
#                                                        a 2-core machine: all share both CPUs
#
# Options: --loops "1 2 4 8 16"  --duration S  --warmup S  --rounds N  --connections N (per loop;
#          default 64)  --total-connections N (the same for every loop count instead)
#          --pin per-loop|all (the server on its first N CPUs, or on all of SERVER_CPUS)
#          --servers "spindle netty-nio netty-epoll"  --skip-build
# Environment: JAVA (default Temurin 25), SERVER_CPUS (default: the first half of the CPUs),
#   CLIENT_CPUS (default: the other half), RESULTS (bench/target/scaling),
#   EXAMPLES_JAR (default examples/target/spindle-examples.jar)
#
# A server with N loops runs under taskset on the first N CPUs of SERVER_CPUS (all of them if
# fewer); wrk runs on CLIENT_CPUS with one thread per CPU and N x --connections connections, so
# every loop has work. The two sets should be disjoint: then the server's CPUs serve only it.
# Each row: requests/s, p50 and p99 latency, and the server's CPU time (user + system, from
# /proc/PID/stat) per request. The summary prints each server's speed-up over its own 1-loop run.
# Traffic goes only to 127.0.0.1; every wrk run is bounded; the servers are stopped at exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

LOOPS="1 2 4 8 16"
DURATION=10
WARMUP=5
ROUNDS=3
PER_LOOP_CONNECTIONS=64
TOTAL_CONNECTIONS=
PIN=per-loop
SERVERS="spindle netty-nio netty-epoll"
BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --loops) LOOPS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --connections) PER_LOOP_CONNECTIONS=$2; shift 2 ;;
    --total-connections) TOTAL_CONNECTIONS=$2; shift 2 ;;
    --pin) PIN=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    *) echo "scaling.sh: unknown option $1 (see the header of bench/scaling.sh)" >&2; exit 2 ;;
  esac
done

JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
CPUS=$(nproc)
HALF=$(( CPUS > 1 ? CPUS / 2 : 1 ))
SERVER_CPUS=${SERVER_CPUS:-0-$((HALF - 1))}
CLIENT_CPUS=${CLIENT_CPUS:-$HALF-$((CPUS - 1))}
RESULTS=${RESULTS:-$ROOT/bench/target/scaling}
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
EXAMPLES_JAR=${EXAMPLES_JAR:-$ROOT/examples/target/spindle-examples.jar}
AGENT_JAR=$ROOT/agent/target/spindle-agent.jar
COMMON_FLAGS=(-Xms512m -Xmx512m -XX:+UseSerialGC)
CLK_TCK=$(getconf CLK_TCK)

# "0-3,8" -> "0 1 2 3 8"
expand_cpus() {
  local part out=()
  IFS=, read -ra parts <<< "$1"
  for part in "${parts[@]}"; do
    if [[ $part == *-* ]]; then out+=($(seq "${part%-*}" "${part#*-}")); else out+=("$part"); fi
  done
  echo "${out[@]}"
}
read -ra SERVER_LIST <<< "$(expand_cpus "$SERVER_CPUS")"
read -ra CLIENT_LIST <<< "$(expand_cpus "$CLIENT_CPUS")"
CLIENT_THREADS=${#CLIENT_LIST[@]}

if ! command -v wrk >/dev/null; then
  echo "scaling.sh: installing wrk (apt-get)"
  apt-get update -qq && apt-get install -y -qq wrk
fi
if [[ $BUILD == 1 ]]; then
  echo "scaling.sh: building (mvn -Pbench package, tests skipped)"
  mvn -B -q -Pbench -DskipTests package >/dev/null
fi

mkdir -p "$RESULTS"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$RESULTS/scaling-$STAMP.tsv
printf 'round\tserver\tloops\tserver_cpus\trequests\tseconds\trequests_per_s\tp50_us\tp99_us\tcpu_us_per_request\terrors\tuser_us_per_request\n' > "$RAW"
# A port nobody else on the machine uses now (other benchmarks may run beside this one).
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
SERVER_PID=

stop_server() {
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
trap stop_server EXIT

server_command() {
  local name=$1 loops=$2
  case "$name" in
    spindle)
      local agent=()
      if ! unzip -p "$EXAMPLES_JAR" META-INF/MANIFEST.MF | grep -q '^Launcher-Agent-Class'; then
        agent=(-javaagent:"$AGENT_JAR")
      fi
      echo "$JAVA ${COMMON_FLAGS[*]} ${agent[*]} -jar $EXAMPLES_JAR --port $PORT --loops $loops" ;;
    netty-nio | netty-epoll)
      echo "$JAVA ${COMMON_FLAGS[*]} --enable-native-access=ALL-UNNAMED -cp $BENCH_JAR dev.spindle.bench.http.NettyHelloServer --port $PORT --transport ${name#netty-} --loops $loops" ;;
    *) echo "scaling.sh: unknown server $name" >&2; exit 2 ;;
  esac
}

# The first N CPUs of the server's set, as a taskset list.
server_cpus() {
  local n=$1
  [[ $PIN == all ]] && n=${#SERVER_LIST[@]}
  (( n > ${#SERVER_LIST[@]} )) && n=${#SERVER_LIST[@]}
  local IFS=,
  echo "${SERVER_LIST[*]:0:$n}"
}

start_server() {
  local name=$1 loops=$2 cpus=$3 command
  command=$(server_command "$name" "$loops")
  # shellcheck disable=SC2086
  taskset -c "$cpus" $command >"$RESULTS/$name-$loops-r$ROUND-$STAMP.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "scaling.sh: $name exited at start; its log:"; cat "$RESULTS/$name-$loops-r$ROUND-$STAMP.log"; exit 1
    fi
    # answered, and by our server: it is still alive after the answer
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" && kill -0 "$SERVER_PID" 2>/dev/null \
      && return 0
    sleep 0.2
  done
  echo "scaling.sh: $name did not answer within 20 s"; exit 1
}

# utime and stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12, $13 }' "/proc/$1/stat"
}

# One wrk run; prints requests, seconds, rate, p50, p99, CPU us/request, errors, user us/request.
measure() {
  local duration=$1 connections=$2 user0 system0 user1 system1 output
  read -r user0 system0 < <(cpu_ticks "$SERVER_PID")
  output=$(taskset -c "$CLIENT_CPUS" timeout $((duration + 30)) \
    wrk -t"$CLIENT_THREADS" -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$PORT/")
  printf '%s\n' "$output" > "$RESULTS/wrk-$RUN-$STAMP.txt"
  read -r user1 system1 < <(cpu_ticks "$SERVER_PID")
  printf '%s\n' "$output" | awk -v hz="$CLK_TCK" -v ticks=$((user1 + system1 - user0 - system0)) \
      -v user_ticks=$((user1 - user0)) '
    function micros(text,   value) {
      value = text + 0
      if (text ~ /us$/) return value
      if (text ~ /ms$/) return value * 1000
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
      printf "%d\t%s\t%.0f\t%.1f\t%.1f\t%.2f\t%d\t%.2f\n", requests, seconds, rate, p50, p99, cpu, errors, user
    }'
}

echo "scaling.sh: java $("$JAVA" -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1); kernel $(uname -r); $CPUS CPUs"
echo "scaling.sh: servers on CPUs $SERVER_CPUS (pin $PIN), wrk -t$CLIENT_THREADS on CPUs $CLIENT_CPUS, ${TOTAL_CONNECTIONS:-$PER_LOOP_CONNECTIONS per loop} connections, ${DURATION}s runs, ${WARMUP}s warm-up, $ROUNDS rounds"
for ROUND in $(seq 1 "$ROUNDS"); do
  round=$ROUND
  for loops in $LOOPS; do
    cpus=$(server_cpus "$loops")
    connections=${TOTAL_CONNECTIONS:-$((loops * PER_LOOP_CONNECTIONS))}
    for name in $SERVERS; do
      RUN=$name-$loops-r$ROUND
      start_server "$name" "$loops" "$cpus"
      measure "$WARMUP" "$connections" >/dev/null
      row=$(measure "$DURATION" "$connections")
      stop_server
      printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$loops" "$cpus" "$row" >> "$RAW"
      printf 'scaling.sh: round %s  %-12s %2s loops on CPUs %-8s %s\n' "$round" "$name" "$loops" "$cpus" "$row"
    done
  done
done

echo
echo "Raw results: $RAW"
python3 "$ROOT/bench/scaling_summary.py" "$RAW"
