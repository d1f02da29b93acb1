#!/usr/bin/env bash
# Code size: how much the agent grows each @Async method. Rewrites (nothing runs) the twin
# corpus of the differential twin test (fixed seed, small and large methods) and the examples'
# classes, and prints a markdown table: rewritten/original code length (median, p90, p99, max),
# methods above HotSpot's 8,000-byte HugeMethodLimit, refusals, and the issue #10 budgets.
#
#   bench/code-size.sh                           the default corpus (3000 small, 200 large methods)
#   bench/code-size.sh -Dspindle.twins.large=400 more large methods (any JVM -D option passes on)
#
# The main is agent/src/test/java/dev/spindle/agent/twins/CodeSizeReport.java, in the agent's
# test code beside the generator it measures. Environment: JAVA (default Temurin 25), SKIP_BUILD=1
# to reuse the compiled classes, MVN_ARGS for more Maven options (-o: offline). Output: also
# bench/target/code-size/table-<time>.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
CLASSPATH_FILE=agent/target/code-size.classpath
if [[ ${SKIP_BUILD:-0} != 1 || ! -f $CLASSPATH_FILE ]]; then
  echo "code-size.sh: compiling the agent, its tests and the examples (tests not run)"
  # one reactor build, so that the class path names runtime/target/classes, not an installed jar
  mvn -B -q ${MVN_ARGS:-} -pl agent,examples -am -DskipTests test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile=target/code-size.classpath -Dmdep.includeScope=test >/dev/null
fi
mkdir -p bench/target/code-size
OUTPUT=bench/target/code-size/table-$(date -u +%Y%m%dT%H%M%SZ).md
"$JAVA" "$@" -cp "agent/target/test-classes:agent/target/classes:$(cat "$CLASSPATH_FILE")" \
  dev.spindle.agent.twins.CodeSizeReport examples/target/classes | tee "$OUTPUT"
