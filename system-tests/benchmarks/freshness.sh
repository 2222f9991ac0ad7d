#!/usr/bin/env bash
# Freshness benchmark (BENCHMARKS.md "Freshness"): one fresh embedded stack (the broker in its own
# JVM); after a warm-up, for each rate, events are produced at that constant rate for `seconds`
# and every probe event is timed from its intended send time until a reader polling PostgreSQL
# sees its row: p50/p99/max, whether the pipeline kept up, CPU per event of broker, Connect and
# PostgreSQL.
#
#   system-tests/benchmarks/freshness.sh                                  # rates=1000,10000,30000 seconds=30
#   system-tests/benchmarks/freshness.sh rates=10k seconds=60 poll.ms=2 probes=2000
#   system-tests/benchmarks/freshness.sh rates=10k,30k workers=2 partitions=4 tasks=4
#
# Own settings: rates, seconds, poll.ms (the probe's resolution), probes (probe events per second),
# port.base (0 = free ports); any other key=value is the ingestion benchmark's (BenchmarkSettings.java).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
work="$(mktemp -d /tmp/freshness-benchmark-build-XXXXXX)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=build-benchmarks.sh
source "$repo/system-tests/benchmarks/build-benchmarks.sh"

echo "nproc: $(nproc); uptime before: $(uptime)"
java -Xms512m -Xmx2g -Dstack.repo="$repo" -Dbench.pluginPath="$work/plugins" \
  -Dbench.connectConfigs="$work/connect-configs" -cp "$work/classes:$deps" \
  io.kafkaprediction.systemtests.benchmarks.FreshnessBenchmark "$@"
echo "uptime after:  $(uptime)"
