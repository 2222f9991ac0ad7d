#!/usr/bin/env bash
# Ingestion benchmark (BENCHMARKS.md "Ingestion"): starts a fresh embedded stack on free
# ports in a temporary folder, pushes events through Kafka -> Connect -> PostgreSQL, then COPY and
# the naive consumer on the same rows, and prints a table of the figures.
#
#   system-tests/benchmarks/ingest.sh                          # 1 000 000 events, the defaults
#   system-tests/benchmarks/ingest.sh events=100000 naive=false partitions=4 tasks=4
#   system-tests/benchmarks/ingest.sh connector.use.reduction.buffer=true worker.offset.flush.interval.ms=10000
#   system-tests/benchmarks/ingest.sh naive=false jfr=/tmp/worker.jfr       # + JFR of the worker: where its CPU goes
#
# Settings are key=value (see BenchmarkSettings.java).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
work="$(mktemp -d /tmp/ingest-benchmark-build-XXXXXX)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=build-benchmarks.sh
source "$repo/system-tests/benchmarks/build-benchmarks.sh"

echo "uptime before: $(uptime)"
java -Xms1g -Xmx3g -Dstack.repo="$repo" -Dbench.pluginPath="$work/plugins" \
  -cp "$work/classes:$deps" \
  io.kafkaprediction.systemtests.benchmarks.IngestionBenchmark "$@"
echo "uptime after:  $(uptime)"
