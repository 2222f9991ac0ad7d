#!/usr/bin/env bash
# Growth-curve benchmark (BENCHMARKS.md "Growth curve"): one fresh embedded stack and the scoring
# service from its jar; the sizes are measured in ascending order, each adding only the rows missing to
# it (COPY streamed from the generator: one universe of Zipf users, 90 days of history; indexes dropped
# and rebuilt around a large COPY unless preload.indexes=keep; VACUUM ANALYZE after). On top of each:
# the ingestion benchmark's pipeline run, COPY of the same rows, latest-value lookups in JDBC,
# POST /predict by user_id over HTTP (closed loop, and p50/p99 at a constant rate) and the jar's
# training-set command. The first size is the baseline. The data folder is deleted at the end.
#
#   system-tests/benchmarks/growth.sh 0 10M 50M 100M charts=docs/images   # the issue's curve, ~30 min idle
#   system-tests/benchmarks/growth.sh 0 1M 2M events=50000                  # a smoke run
#
# Sizes take k/M/G suffixes. Other settings (defaults in GrowthBenchmark.java): lookup.rate,
# lookup.seconds, lookup.connections (JDBC); http.rate, http.seconds, http.connections (constant rate),
# http.max.seconds, http.max.connections (closed loop), http.warmup, http.lookup.timeout.ms (the
# service's LOOKUP_TIMEOUT_MS; its default when empty); training.entities; preload.indexes
# (rebuild|keep), preload.maintenance_work_mem, preload.parallel_workers; charts=FOLDER (writes
# growth-ingestion.png, growth-lookups.png, growth-reads.png); and any key=value of the ingestion
# benchmark (BenchmarkSettings.java; defaults here: events=200000 warmup=50000).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
work="$(mktemp -d /tmp/growth-benchmark-build-XXXXXX)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=build-benchmarks.sh
source "$repo/system-tests/benchmarks/build-benchmarks.sh"

jar="$repo/scoring-service/target/scoring-service.jar"
if [[ ! -f $jar ]]; then
  echo "Building the scoring service jar first (mvn -pl scoring-service -am package -DskipTests) ..."
  mvn -B -q -pl scoring-service -am package -DskipTests
fi
# A private copy, like the plugins: a rebuild during the run must not pull classes from under the service.
cp "$jar" "$work/scoring-service.jar"

echo "nproc: $(nproc); uptime before: $(uptime); disk: $(df -h --output=avail "${TMPDIR:-/tmp}" | tail -1) free"
java -Xms1g -Xmx3g -Djava.awt.headless=true -Dstack.repo="$repo" -Dbench.pluginPath="$work/plugins" \
  -Dbench.connectConfigs="$work/connect-configs" -Dbench.scoringJar="$work/scoring-service.jar" -cp "$work/classes:$deps" \
  io.kafkaprediction.systemtests.benchmarks.GrowthBenchmark "$@"
echo "uptime after:  $(uptime)"
