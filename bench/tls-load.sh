#!/usr/bin/env bash
# HTTPS load: Spindle's HelloServer --tls-keystore against Netty's SslHandler (JDK provider), each
# on one event loop pinned to one CPU, under wrk over keep-alive connections (the handshakes are
# made once, in the warm-up; the figure is the steady path: records in and out).
#
#   bench/tls-load.sh                                    10 s runs, 3 interleaved rounds, 20 s warm-up each
#   bench/tls-load.sh --duration 2 --warmup 1 --rounds 1 a smoke run
#
# Options: --duration S  --warmup S  --rounds N  --connections N  --servers "spindle netty-nio"
#          --skip-build
# Environment: JAVA (default Temurin 25), SERVER_CPU (0), CLIENT_CPU (1), RESULTS
#   (bench/target/tls-load), EXAMPLES_JAR (examples/target/spindle-examples.jar)
#
# The warm-up is long on purpose: with 5 s, on a loaded machine, Netty's TLS path was not yet
# compiled and cost 8 times its steady CPU per request.
# Both servers answer GET / with the same bytes as in bench/load.sh, with a key store made by
# examples/make-keystore.sh (EC P-256), and the same cipher: TLS 1.3, TLS_AES_256_GCM_SHA384.
# Prints per server: requests/s, p50/p99 latency and server CPU microseconds per request, the
# figure that matters on a shared machine. Traffic goes only to 127.0.0.1; every run is bounded.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

DURATION=10
WARMUP=20
ROUNDS=3
CONNECTIONS=64
SERVERS="spindle netty-nio"
BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    *) echo "tls-load.sh: unknown option $1 (see the header of bench/tls-load.sh)" >&2; exit 2 ;;
  esac
done

JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
RESULTS=${RESULTS:-$ROOT/bench/target/tls-load}
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
EXAMPLES_JAR=${EXAMPLES_JAR:-$ROOT/examples/target/spindle-examples.jar}
COMMON_FLAGS=(-Xms256m -Xmx256m -XX:+UseSerialGC)
CLK_TCK=$(getconf CLK_TCK)
KEYS=$RESULTS/keys
PASSWORD=changeit

command -v wrk >/dev/null || { echo "tls-load.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
if [[ $BUILD == 1 ]]; then
  echo "tls-load.sh: building (mvn -Pbench package, tests skipped)"
  mvn -B -q -Pbench -DskipTests package >/dev/null
fi
mkdir -p "$RESULTS"
KEYTOOL="$(dirname "$JAVA")/keytool" examples/make-keystore.sh "$KEYS" "$PASSWORD" >/dev/null 2>&1
TLS_ARGS=(--tls-keystore "$KEYS/server.p12" --tls-password "$PASSWORD")

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$RESULTS/tls-load-$STAMP.tsv
printf 'round\tserver\trequests\tseconds\trequests_per_s\tp50_us\tp99_us\tcpu_us_per_request\terrors\n' > "$RAW"

declare -A PORT=([spindle]=18190 [netty-nio]=18191 [netty-epoll]=18192)
declare -A PID=()
stop_servers() {
  for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; done
  for name in "${!PID[@]}"; do wait "${PID[$name]}" 2>/dev/null || true; done
}
trap stop_servers EXIT

server_command() {
  local port=${PORT[$1]}
  case "$1" in
    spindle) echo "$JAVA ${COMMON_FLAGS[*]} -jar $EXAMPLES_JAR --port $port ${TLS_ARGS[*]}" ;;
    netty-nio | netty-epoll)
      echo "$JAVA ${COMMON_FLAGS[*]} --enable-native-access=ALL-UNNAMED -cp $BENCH_JAR dev.spindle.bench.http.NettyHelloServer --port $port --transport ${1#netty-} ${TLS_ARGS[*]}" ;;
    *) echo "tls-load.sh: unknown server $1" >&2; exit 2 ;;
  esac
}

start_server() {
  local name=$1 command
  command=$(server_command "$name")
  echo "tls-load.sh: starting $name on CPU $SERVER_CPU: $command"
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" $command >"$RESULTS/$name-$STAMP.log" 2>&1 &
  PID[$name]=$!
  local url=https://localhost:${PORT[$name]}/
  for _ in $(seq 1 150); do
    if curl -s -o /dev/null --max-time 1 --cacert "$KEYS/cert.pem" "$url"; then
      echo "tls-load.sh: $name answers: $(curl -s --max-time 2 --cacert "$KEYS/cert.pem" "$url")"
      return 0
    fi
    kill -0 "${PID[$name]}" 2>/dev/null || { echo "tls-load.sh: $name exited:"; cat "$RESULTS/$name-$STAMP.log"; exit 1; }
    sleep 0.2
  done
  echo "tls-load.sh: $name did not answer within 30 s"; cat "$RESULTS/$name-$STAMP.log"; exit 1
}

cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

measure() {
  local name=$1 duration=$2 before after output
  before=$(cpu_ticks "${PID[$name]}")
  output=$(taskset -c "$CLIENT_CPU" timeout $((duration + 30)) \
    wrk -t1 -c"$CONNECTIONS" -d"${duration}s" --latency "https://127.0.0.1:${PORT[$name]}/")
  after=$(cpu_ticks "${PID[$name]}")
  printf '%s\n' "$output" > "$RESULTS/wrk-$name-$STAMP-last.txt"
  printf '%s\n' "$output" | awk -v name="$name" -v hz="$CLK_TCK" -v ticks=$((after - before)) '
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
      printf "%s\t%d\t%s\t%.0f\t%.1f\t%.1f\t%.2f\t%d\n", name, requests, seconds, rate, p50, p99, cpu, errors
    }'
}

for name in $SERVERS; do start_server "$name"; done
echo "tls-load.sh: java $("$JAVA" -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tls-load.sh: servers on CPU $SERVER_CPU, wrk -t1 -c$CONNECTIONS (keep-alive, https) on CPU $CLIENT_CPU, ${DURATION}s runs, ${WARMUP}s warm-up, $ROUNDS rounds"
for name in $SERVERS; do
  echo "tls-load.sh: warm-up $name (${WARMUP}s)"
  measure "$name" "$WARMUP" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for name in $SERVERS; do
    row=$(measure "$name" "$DURATION")
    printf '%s\t%s\n' "$round" "$row" >> "$RAW"
    printf 'tls-load.sh: round %s  %s\n' "$round" "$row"
  done
done
echo
echo "Raw results: $RAW"
echo "Medians over the rounds (server, requests/s, p50 us, p99 us, server CPU us/request, errors):"
awk -F'\t' 'NR > 1 { rate[$2] = rate[$2] " " $5; p50[$2] = p50[$2] " " $6; p99[$2] = p99[$2] " " $7;
    cpu[$2] = cpu[$2] " " $8; err[$2] += $9 }
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END { for (s in rate) printf "  %-12s %10.0f %10.1f %10.1f %10.2f %6d\n", s, median(rate[s]), median(p50[s]), median(p99[s]), median(cpu[s]), err[s] }' "$RAW"
