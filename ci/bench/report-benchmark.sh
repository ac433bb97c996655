#!/usr/bin/env bash
# Report benchmark (not a timed test): writes a generated history of 10 years x 50 scenarios x
# 4 runs a month (24,000 records, each a JSON document plus a histogram log, as the engine
# writes them) into a temporary drills/ folder, then, in a fresh JVM with -Xmx512m, reads it,
# computes the trend report and renders index.html, summary.md and model.json, printing wall
# time per step and peak heap. Target: under 2 s and under 512 MB.
#
#   ci/bench/report-benchmark.sh [years=10] [scenarios=50] [runs-per-month=4] [measured-runs=2]
#
# KEEP=1 keeps the temporary folder. Compiles with the Maven wrapper when classes are missing
# or older than the sources.
set -euo pipefail

cd "$(dirname "$0")/../.."
years="${1:-10}"
scenarios="${2:-50}"
runs="${3:-4}"
measured="${4:-2}"
now="2026-11-21T10:00:00Z"

newest_source="$(find src/main src/test/java/dev/rollbackdrill/report -type f -newer target/test-classes/dev/rollbackdrill/report/ReportBenchmark.class 2>/dev/null | head -1 || true)"
if [[ ! -f target/test-classes/dev/rollbackdrill/report/ReportBenchmark.class || -n "$newest_source" ]]; then
  echo "compiling (./mvnw test-compile)..." >&2
  ./mvnw -q -B test-compile
fi
cp_file="target/report-benchmark.classpath"
if [[ ! -s "$cp_file" || pom.xml -nt "$cp_file" ]]; then
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
fi
classpath="target/test-classes:target/classes:$(cat "$cp_file")"

work="$(mktemp -d "${TMPDIR:-/tmp}/report-benchmark.XXXXXX")"
if [[ "${KEEP:-0}" != 1 ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "keeping $work" >&2
fi

java -cp "$classpath" dev.rollbackdrill.report.HistoryGenerator \
  "$work/drills" "$years" "$scenarios" "$runs" 42 "$now"
echo "on disk: $(find "$work/drills" -name '*.json' | wc -l) JSON documents, $(du -sh "$work/drills" | cut -f1)"
# Flush the generated files first: otherwise the measured read competes with the kernel writing
# back 200 MB, and the figure says more about the disk than about the report.
sync

# The same JVM flags as the ./drill launcher: a short-lived command gains nothing from C2.
java -Xmx512m ${BENCH_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -cp "$classpath" dev.rollbackdrill.report.ReportBenchmark \
  "$work/drills" "$work/reports" "$now" "$measured"
ls -l "$work/reports"
