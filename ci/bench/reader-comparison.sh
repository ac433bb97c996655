#!/usr/bin/env bash
# Issue 13: the report benchmark with the streaming reader and with one cached object reader,
# side by side on the same generated history (10 years x 50 scenarios x 4 runs a month, 24,000
# records), alternating fresh JVMs (-Xmx512m, the launcher's flags), ROUNDS of each, each JVM
# doing a cold and a warm run.
#
#   ci/bench/reader-comparison.sh [rounds=3]
set -euo pipefail

cd "$(dirname "$0")/../.."
rounds="${1:-3}"
now="2026-11-21T10:00:00Z"
./mvnw -q -B -o test-compile
cp_file="target/report-benchmark.classpath"
if [[ ! -s "$cp_file" || pom.xml -nt "$cp_file" ]]; then
  ./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
fi
classpath="target/test-classes:target/classes:$(cat "$cp_file")"
# HISTORY=DIR reuses a folder an earlier run generated (generating takes about a minute).
if [[ -n "${HISTORY:-}" ]]; then
  work="$HISTORY"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/reader-comparison.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  java -cp "$classpath" dev.rollbackdrill.report.HistoryGenerator "$work/drills" 10 50 4 42 "$now"
  sync
fi
out="$work/comparison.txt"
: > "$out"
for round in $(seq 1 "$rounds"); do
  for reader in streaming mapper; do
    echo "== round $round: $reader"
    java -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dbench.reader="$reader" -cp "$classpath" \
      dev.rollbackdrill.report.ReportBenchmark "$work/drills" "$work/reports-$reader" "$now" 2 | tee -a "$out"
  done
done
# Medians per reader, cold and warm: read and total in ms, peak heap in MB.
awk '
  /reader, / { key = $1 " " ($3 == "cold" ? "cold" : "warm") }
  $1 == "read" { read[key] = read[key] " " $2 }
  $1 == "total" { total[key] = total[key] " " $2 }
  $1 == "peak" { heap[key] = heap[key] " " $3 }
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    printf "%-16s %10s %10s %10s   (%s)\n", "median", "read ms", "total ms", "heap MB", "runs"
    for (k in read) printf "%-16s %10s %10s %10s   (%d)\n", k, median(read[k]), median(total[k]), median(heap[k]), split(read[k], x, " ")
  }' "$out" | sort
