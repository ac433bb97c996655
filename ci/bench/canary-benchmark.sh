#!/usr/bin/env bash
# Canary analysis benchmark (not a timed test): one analysis of generated samples per track (a
# canary 3x slower than its baseline, 1% errors on both), in a fresh JVM after warm-up, printing
# the median and worst time of the measured rounds and the decision. Target: under 100 ms for
# 100,000 samples per track.
#
#   ci/bench/canary-benchmark.sh [samples-per-track=100000] [rounds=15]
set -euo pipefail

cd "$(dirname "$0")/../.."
newest_source="$(find src/main src/test/java/dev/rollbackdrill/canary -type f \
  -newer target/test-classes/dev/rollbackdrill/canary/CanaryAnalysisBenchmark.class 2>/dev/null | head -1 || true)"
if [[ ! -f target/test-classes/dev/rollbackdrill/canary/CanaryAnalysisBenchmark.class || -n "$newest_source" ]]; then
  echo "compiling (./mvnw test-compile)..." >&2
  ./mvnw -q -B test-compile
fi
cp_file="target/report-benchmark.classpath"
if [[ ! -s "$cp_file" || pom.xml -nt "$cp_file" ]]; then
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
fi
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  dev.rollbackdrill.canary.CanaryAnalysisBenchmark "${1:-100000}" "${2:-15}"
