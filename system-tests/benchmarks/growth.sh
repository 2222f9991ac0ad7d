#!/usr/bin/env bash
# Growth-curve benchmark (BENCHMARKS.md "Growth"): one fresh embedded stack; for each table size,
# user_features is pre-loaded with that many rows (COPY streamed from the generator: Zipf users,
# 90 days of history), then the ingestion benchmark's pipeline run, COPY of the same rows and
# constant-rate latest-value lookups run on top of it. The first size is the baseline.
#
#   system-tests/benchmarks/growth.sh 0 1M 10M
#   system-tests/benchmarks/growth.sh 0 1M events=100000 lookup.rate=1000 charts=docs/benchmarks
#
# Sizes take k/M/G suffixes. Other settings: lookup.rate, lookup.seconds, lookup.connections,
# charts=FOLDER (writes growth-ingestion.png and growth-lookups.png), and any key=value of the
# ingestion benchmark (BenchmarkSettings.java; defaults here: events=200000 warmup=50000).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
work="$(mktemp -d /tmp/growth-benchmark-build-XXXXXX)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=build-benchmarks.sh
source "$repo/system-tests/benchmarks/build-benchmarks.sh"

echo "nproc: $(nproc); uptime before: $(uptime)"
java -Xms1g -Xmx3g -Djava.awt.headless=true -Dstack.repo="$repo" -Dbench.pluginPath="$work/plugins" \
  -Dbench.connectConfigs="$work/connect-configs" -cp "$work/classes:$deps" \
  io.kafkaprediction.systemtests.benchmarks.GrowthBenchmark "$@"
echo "uptime after:  $(uptime)"
