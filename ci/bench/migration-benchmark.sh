#!/usr/bin/env bash
# Migration benchmark (not a timed test): the static check (drill validate FILE.sql's work) of a
# generated migration of 1,000 statements of every kind, and the live check (drill db check's work)
# of 200 generated known-good statements against a 40-table migration on the throwaway PostgreSQL
# (started if needed). Prints the first run of a fresh JVM and the median of the warm runs.
# Targets: static under 1 s, live under 2 s.
#
#   ci/bench/migration-benchmark.sh [statements=1000] [known-good=200] [warm-runs=5]
set -euo pipefail

cd "$(dirname "$0")/../.."
newest_source="$(find src/main src/test/java/dev/rollbackdrill/migration -type f \
  -newer target/test-classes/dev/rollbackdrill/migration/MigrationBenchmark.class 2>/dev/null | head -1 || true)"
if [[ ! -f target/test-classes/dev/rollbackdrill/migration/MigrationBenchmark.class || -n "$newest_source" ]]; then
  echo "compiling (./mvnw test-compile)..." >&2
  ./mvnw -q -B test-compile
fi
cp_file="target/report-benchmark.classpath"
if [[ ! -s "$cp_file" || pom.xml -nt "$cp_file" ]]; then
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
fi
java -Drollbackdrill.home="$PWD" -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  dev.rollbackdrill.migration.MigrationBenchmark "${1:-1000}" "${2:-200}" "${3:-5}"
