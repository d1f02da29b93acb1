#!/usr/bin/env bash
# Soak: HelloServer under mixed traffic for a while, its resources sampled, to show that nothing
# leaks (issue #17). Not run in CI.
#
#   bench/soak.sh                  the full run: 10 minutes
#   bench/soak.sh --minutes 1      a smoke run
#
# Options: --minutes M (10)  --interval S (10, seconds between samples)  --port N (18090)
#   --fd-limit N (1024: the server's RLIMIT_NOFILE, set with prlimit once it listens; 0 leaves it)
#   --burst-connections N (fd limit + 512: each burst opens that many at once)
#   --connections N (16: wrk's keep-alive connections)  --skip-build
# Environment: JAVA (default Temurin 25; its jcmd and jstat are used), RESULTS
#   (bench/target/soak), EXAMPLES_JAR (examples/target/spindle-examples.jar), SERVER_FLAGS
#   (extra JVM flags), MVN (mvn -B -q).
#
# Traffic, all to 127.0.0.1 and all stopped at the deadline: wrk keep-alive load (GET /), and
# bench/soak_traffic.py: connection churn (GET, chunked POST /echo, bodies over --max-body),
# resets mid-request, slow clients (a byte at a time, slow readers, idle until the idle timeout),
# and a burst past the fd limit after the first minute and every two minutes after it.
#
# Every --interval: RSS and threads (/proc/PID/status), open fds (/proc/PID/fd), heap in use after
# a full collection (jcmd GC.run, then jstat -gc) and the server's CPU time, into samples.csv.
# Then summary.md (a table: each series after the first minute, its spread against the 5%
# target) and soak.png (gnuplot). All under $RESULTS/<time>/. Exit status 1 if the server died.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

MINUTES=10
INTERVAL=10
PORT=18090
FD_LIMIT=1024
BURST=
CONNECTIONS=16
BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --fd-limit) FD_LIMIT=$2; shift 2 ;;
    --burst-connections) BURST=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    *) echo "soak.sh: unknown option $1 (see the header of bench/soak.sh)" >&2; exit 2 ;;
  esac
done
[[ $MINUTES =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "soak.sh: --minutes must be a number: $MINUTES" >&2; exit 2; }
[[ $INTERVAL =~ ^[1-9][0-9]*$ ]] || { echo "soak.sh: --interval must be whole seconds: $INTERVAL" >&2; exit 2; }
SECONDS_TOTAL=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 }')
(( SECONDS_TOTAL >= 30 )) || { echo "soak.sh: --minutes must be at least 0.5" >&2; exit 2; }
BURST=${BURST:-$(( FD_LIMIT > 0 ? FD_LIMIT + 512 : 0 ))}

JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[[ -x $JAVA ]] || JAVA=$(command -v java)
JCMD=$(dirname "$JAVA")/jcmd
JSTAT=$(dirname "$JAVA")/jstat
EXAMPLES_JAR=${EXAMPLES_JAR:-$ROOT/examples/target/spindle-examples.jar}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=${RESULTS:-$ROOT/bench/target/soak}/$STAMP
MVN=${MVN:-mvn -B -q}
read -r -a EXTRA_FLAGS <<< "${SERVER_FLAGS:-}"

for tool in wrk gnuplot; do
  if ! command -v $tool >/dev/null; then
    echo "soak.sh: installing $tool (apt-get)"
    apt-get update -qq && apt-get install -y -qq "$([[ $tool == gnuplot ]] && echo gnuplot-nox || echo wrk)"
  fi
done
if [[ $BUILD == 1 ]]; then
  echo "soak.sh: building the examples jar ($MVN -DskipTests -pl examples -am package)"
  $MVN -DskipTests -pl examples -am package >/dev/null
fi
[[ -f $EXAMPLES_JAR ]] || { echo "soak.sh: $EXAMPLES_JAR does not exist: build it or drop --skip-build" >&2; exit 1; }
mkdir -p "$RESULTS"

SERVER_PID=
CHILDREN=()
cleanup() {
  for pid in "${CHILDREN[@]}" $SERVER_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${CHILDREN[@]}" $SERVER_PID; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# A 5 s idle timeout, so that idle and stalled clients are closed many times during the run.
"$JAVA" -Xms256m -Xmx256m "${EXTRA_FLAGS[@]}" -jar "$EXAMPLES_JAR" --port "$PORT" \
  --idle-timeout 5s >"$RESULTS/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$RESULTS/server.log" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "soak.sh: the server exited at start:"; cat "$RESULTS/server.log"; exit 1; }
  sleep 0.2
done
grep -q "listening on" "$RESULTS/server.log" || { echo "soak.sh: the server did not listen within 20 s"; exit 1; }
if (( FD_LIMIT > 0 )); then
  prlimit --pid "$SERVER_PID" --nofile="$FD_LIMIT:$FD_LIMIT"
fi
echo "soak.sh: server pid $SERVER_PID on 127.0.0.1:$PORT, fd limit $(prlimit --pid "$SERVER_PID" --nofile --noheadings --output SOFT), $("$JAVA" -version 2>&1 | head -1)"
echo "soak.sh: ${SECONDS_TOTAL}s of traffic, a sample every ${INTERVAL}s, results in $RESULTS"

# Bursts start 2 s after a sample. Opening the connections takes some seconds, then they are held
# 3 s, so the next sample may catch a burst in progress (the fds column shows it).
BURSTS=()
for (( at = 62; at < SECONDS_TOTAL - 15; at += 120 )); do BURSTS+=(--burst-at "$at"); done
(( SECONDS_TOTAL < 75 )) && BURSTS=(--burst-at $(( SECONDS_TOTAL / 2 + 2 )))
timeout $(( SECONDS_TOTAL + 30 )) wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_TOTAL}s" --timeout 5s \
  "http://127.0.0.1:$PORT/" >"$RESULTS/wrk.txt" 2>&1 &
CHILDREN+=($!)
timeout $(( SECONDS_TOTAL + 60 )) python3 "$ROOT/bench/soak_traffic.py" --port "$PORT" \
  --seconds "$SECONDS_TOTAL" "${BURSTS[@]}" --burst-connections "$BURST" >"$RESULTS/traffic.log" 2>&1 &
CHILDREN+=($!)

CLK_TCK=$(getconf CLK_TCK)
# Heap in use after a full collection, KiB: the used columns of jstat -gc (survivors, eden, old).
heap_after_gc() {
  "$JCMD" "$SERVER_PID" GC.run >/dev/null 2>&1 || { echo ""; return; }
  "$JSTAT" -gc "$SERVER_PID" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%.0f", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"] }'
}
# One row of samples.csv; fails if the server is gone.
sample() {
  local t=$1 rss threads fds ticks heap
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null) || return 1
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null) || return 1
  fds=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  ticks=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat" 2>/dev/null) || return 1
  heap=$(heap_after_gc)
  kill -0 "$SERVER_PID" 2>/dev/null || return 1
  printf '%s,%s,%s,%s,%s,%.1f\n' "$t" "$rss" "$heap" "$fds" "$threads" \
    "$(awk -v t="$ticks" -v hz="$CLK_TCK" 'BEGIN { print t / hz }')" >> "$RESULTS/samples.csv"
}

echo "seconds,rss_kib,heap_after_gc_kib,fds,threads,cpu_seconds" > "$RESULTS/samples.csv"
START=$(date +%s)
DIED=0
for (( t = 0; t <= SECONDS_TOTAL; t += INTERVAL )); do
  sleep $(( START + t - $(date +%s) > 0 ? START + t - $(date +%s) : 0 ))
  if ! kill -0 "$SERVER_PID" 2>/dev/null || ! sample "$t"; then
    DIED=1
    echo "soak.sh: the server died at about ${t}s; the end of its log:"
    tail -20 "$RESULTS/server.log"
    for pid in "${CHILDREN[@]}"; do kill "$pid" 2>/dev/null || true; done # nothing to soak now
    break
  fi
  tail -1 "$RESULTS/samples.csv" | awk -F, '{ printf "soak.sh: t=%ss rss=%s KiB heap=%s KiB fds=%s threads=%s cpu=%ss\n", $1, $2, $3, $4, $5, $6 }'
done
for pid in "${CHILDREN[@]}"; do wait "$pid" 2>/dev/null || true; done
CHILDREN=()

python3 "$ROOT/bench/soak_summary.py" "$RESULTS/samples.csv" "$DIED" > "$RESULTS/summary.md"
gnuplot -e "csv='$RESULTS/samples.csv'; png='$RESULTS/soak.png'" "$ROOT/bench/soak.gnuplot"
{
  echo
  echo "Traffic (bench/soak_traffic.py, last line):"
  echo
  echo '```'
  tail -1 "$RESULTS/traffic.log"
  grep -E "requests in|Socket errors|Non-2xx" "$RESULTS/wrk.txt" || true
  echo '```'
} >> "$RESULTS/summary.md"
cat "$RESULTS/summary.md"
echo "soak.sh: plot in $RESULTS/soak.png"
exit "$DIED"
