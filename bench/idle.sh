#!/usr/bin/env bash
# Memory per idle keep-alive connection, side by side: HelloServer (Spindle), the hand-written
# NIO server, Netty NIO with one loop, virtual threads.
#
#   bench/idle.sh                              10,000 and 50,000 connections (issue #16)
#   bench/idle.sh --counts 2000 --skip-build   a smoke run
#
# Options: --counts "10000 50000"  --servers "spindle nio netty-nio virtual"  --skip-build
#          --histo   also the objects each connection adds, by class (jmap -histo:live, after
#                    minus before, per connection), in bench/target/idle/histo-SERVER-COUNT.txt
#
# For each count and server: a fresh server JVM (-Xmx512m -XX:+UseSerialGC, on CPU SERVER_CPU,
# under 'ulimit -n count+1000'); a warm-up of WARMUP (2000) connections that each make two
# requests and close (the server has closed them all before reading A: its descriptor count is
# back), for class loading and JIT; reading A; IdleClients (examples test classes) opens COUNT connections from
# 127.0.0.2-9, makes one GET / on each and holds them open; reading B; (B - A) / COUNT. A
# reading is heap in use after a full GC (jcmd GC.run, twice; S0U+S1U+EU+OU of jstat -gc) and
# the process's VmRSS, with the heap pre-touched (see FLAGS). Servers run on JDK 17 (JAVA17), virtual threads on JDK 25 (JAVA25: they
# need 21 or later). Needs a hard descriptor limit above the largest count ('ulimit -Hn');
# counts above it are skipped with a note. Servers and clients it starts are stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
COUNTS="10000 50000"
SERVERS="spindle nio netty-nio virtual"
BUILD=1
HISTO=0
while (( $# )); do
  case "$1" in
    --counts) COUNTS=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    --histo) HISTO=1; shift ;;
    *) echo "idle.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
WARMUP=${WARMUP:-2000}
RESULTS=${RESULTS:-$ROOT/bench/target/idle}
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
EXAMPLES_JAR=${EXAMPLES_JAR:-$ROOT/examples/target/spindle-examples.jar}
CLIENT_CLASSES=$ROOT/examples/target/test-classes
# Direct memory as large as needed: the virtual-thread anchor takes 88 KiB of direct buffers per
# connection, which the default limit (the heap size) cuts off at about 6,000 connections.
# The heap is committed and touched at start (-Xms = -Xmx, AlwaysPreTouch): otherwise RSS grows
# with the eden pages a server's garbage touches for the first time, which measures its
# allocation rate during the run rather than what it keeps. So RSS growth is what a connection
# holds outside the heap, and heap + that growth is its memory.
FLAGS=(-Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseSerialGC -XX:MaxDirectMemorySize=8g)
PORT=18090
HARD_LIMIT=$(ulimit -Hn)

if [[ $BUILD == 1 ]]; then
  echo "idle.sh: building (package, tests skipped; examples test classes for IdleClients)"
  mvn -B -q -o -Pbench -DskipTests -pl bench,examples -am package >/dev/null
  mvn -B -q -o -pl examples test-compile >/dev/null
fi
mkdir -p "$RESULTS"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$RESULTS/idle-$STAMP.tsv
printf 'server\tconnections\theap_bytes_per_connection\toff_heap_rss_bytes_per_connection\tbytes_per_connection\theap_before\theap_after\trss_before\trss_after\n' > "$RAW"

SERVER_PID=
CLIENT_PID=
stop_all() {
  if [[ -n $CLIENT_PID ]]; then kill "$CLIENT_PID" 2>/dev/null || true; wait "$CLIENT_PID" 2>/dev/null || true; fi
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  CLIENT_PID=
  SERVER_PID=
  return 0
}
trap stop_all EXIT

java_home() { [[ $1 == virtual ]] && echo "$JAVA25" || echo "$JAVA17"; }

server_command() {
  local java; java=$(java_home "$1")/bin/java
  case "$1" in
    spindle) echo "$java ${FLAGS[*]} -jar $EXAMPLES_JAR --port $PORT --loops 1 --max-connections 100000 --idle-timeout 30m" ;;
    nio) echo "$java ${FLAGS[*]} -cp $BENCH_JAR dev.spindle.bench.http.NioHelloServer --port $PORT" ;;
    netty-nio) echo "$java ${FLAGS[*]} -cp $BENCH_JAR dev.spindle.bench.http.NettyHelloServer --port $PORT --transport nio" ;;
    virtual) echo "$java ${FLAGS[*]} -Djdk.virtualThreadScheduler.parallelism=1 -cp $BENCH_JAR dev.spindle.bench.http.VirtualThreadHelloServer --port $PORT" ;;
    *) echo "idle.sh: unknown server $1" >&2; exit 2 ;;
  esac
}

# "heap_bytes rss_bytes" of the server after full collections.
reading() {
  local home; home=$(java_home "$1")
  "$home/bin/jcmd" "$SERVER_PID" GC.run >/dev/null
  "$home/bin/jcmd" "$SERVER_PID" GC.run >/dev/null
  local heap_kb rss_kb
  heap_kb=$("$home/bin/jstat" -gc "$SERVER_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%d", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"] }')
  rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")
  echo "$((heap_kb * 1024)) $((rss_kb * 1024))"
}

# Runs IdleClients for COUNT connections; with "hold", leaves it running once they are all open.
clients() {
  local count=$1 mode=$2 log=$RESULTS/clients-$STAMP.log
  local args=(-Xmx256m -cp "$CLIENT_CLASSES" dev.spindle.examples.IdleClients --port "$PORT" --count "$count")
  if [[ $mode == once ]]; then
    taskset -c "$CLIENT_CPU" bash -c "ulimit -n $((count + 1000)) && exec \"\$0\" \"\$@\"" \
      "$JAVA17/bin/java" "${args[@]}" --second-request >"$log" 2>&1 \
      || { echo "idle.sh: warm-up clients failed:"; cat "$log"; exit 1; }
    return
  fi
  taskset -c "$CLIENT_CPU" bash -c "ulimit -n $((count + 1000)) && exec \"\$0\" \"\$@\"" \
    "$JAVA17/bin/java" "${args[@]}" >"$log" 2>&1 &
  CLIENT_PID=$!
  for _ in $(seq 1 1200); do
    grep -q '^IdleClients: holding' "$log" && return 0
    if ! kill -0 "$CLIENT_PID" 2>/dev/null; then
      echo "idle.sh: clients failed:"; cat "$log"; exit 1
    fi
    sleep 0.1
  done
  echo "idle.sh: clients did not open $count connections within 120 s:"; cat "$log"; exit 1
}

open_descriptors() { find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 | wc -l; }

# Classes whose instances grew by at least one byte per connection, largest first.
histo_diff() {
  python3 - "$1" "$RESULTS/histo-before.txt" "$RESULTS/histo-after.txt" <<'PY'
import re, sys
count = int(sys.argv[1])
def load(path):
    rows = {}
    for line in open(path):
        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
        if m:
            rows[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return rows
before, after = load(sys.argv[2]), load(sys.argv[3])
grown = sorted(((b - before.get(k, (0, 0))[1], n - before.get(k, (0, 0))[0], k)
                for k, (n, b) in after.items()), reverse=True)
print(f"{sum(g[0] for g in grown) / count:.0f} bytes per connection in all")
print("bytes/conn  objects/conn  class")
for bytes_, objects, name in grown:
    if abs(bytes_) >= count:  # shrunk ones too: they explain a total below the sum above
        print(f"{bytes_ / count:10.1f}  {objects / count:12.2f}  {name}")
PY
}

measure() {
  local name=$1 count=$2 command log=$RESULTS/$1-$2-$STAMP.log
  command=$(server_command "$name")
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" bash -c "ulimit -n $((count + 1000)) && exec $command" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" && break
    sleep 0.2
  done
  local descriptors; descriptors=$(open_descriptors)
  clients "$WARMUP" once
  # The clients have exited; wait until the server has closed its side of every connection.
  for _ in $(seq 1 600); do
    (( $(open_descriptors) <= descriptors + 10 )) && break
    sleep 0.1
  done
  local before after
  before=$(reading "$name")
  [[ $HISTO == 1 ]] && "$(java_home "$name")/bin/jmap" -histo:live "$SERVER_PID" > "$RESULTS/histo-before.txt"
  clients "$count" hold
  after=$(reading "$name")
  if [[ $HISTO == 1 ]]; then
    "$(java_home "$name")/bin/jmap" -histo:live "$SERVER_PID" > "$RESULTS/histo-after.txt"
    histo_diff "$count" > "$RESULTS/histo-$name-$count.txt"
  fi
  stop_all
  read -r heap_a rss_a <<<"$before"
  read -r heap_b rss_b <<<"$after"
  local heap_per=$(( (heap_b - heap_a) / count )) rss_per=$(( (rss_b - rss_a) / count ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$count" "$heap_per" "$rss_per" \
    "$((heap_per + rss_per))" "$heap_a" "$heap_b" "$rss_a" "$rss_b" >> "$RAW"
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$count" "$heap_per" "$rss_per" \
    "$((heap_per + rss_per))"
}

echo "idle.sh: servers on CPU $SERVER_CPU (${FLAGS[*]}; JDK 17, virtual threads JDK 25), clients on CPU $CLIENT_CPU; warm-up $WARMUP connections; hard descriptor limit $HARD_LIMIT"
echo
echo "| server | idle connections | heap bytes per connection | RSS growth per connection (off heap) | heap + off heap |"
echo "|---|---:|---:|---:|---:|"
for count in $COUNTS; do
  if [[ $HARD_LIMIT != unlimited ]] && (( count + 1000 > HARD_LIMIT )); then
    echo "| (all) | $count | skipped: needs ulimit -n $((count + 1000)), hard limit here is $HARD_LIMIT | | |"
    continue
  fi
  for name in $SERVERS; do
    measure "$name" "$count"
  done
done
echo
echo "idle.sh: raw readings in $RAW"
