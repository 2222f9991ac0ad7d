#!/usr/bin/env bash
# Ingestion benchmark (BENCHMARKS.md "Ingestion"): starts a fresh embedded stack on free
# ports in a temporary folder, pushes events through Kafka -> Connect -> PostgreSQL, then COPY and
# the naive consumer on the same rows, and prints a table of the figures.
#
#   system-tests/benchmarks/ingest.sh                          # 1 000 000 events, the defaults
#   system-tests/benchmarks/ingest.sh events=100000 naive=false partitions=4 tasks=4
#   system-tests/benchmarks/ingest.sh connector.use.reduction.buffer=true worker.offset.flush.interval.ms=10000
#
# Settings are key=value (see BenchmarkSettings.java).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
module="$repo/local-stack"

if ! ls -d "$module"/target/plugins/debezium-connector-jdbc "$module"/target/plugins/kafkaprediction-feature-transforms-* >/dev/null 2>&1; then
  echo "Building the Connect plugin folder first (mvn -pl local-stack -am package -DskipTests) ..."
  mvn -B -q -pl local-stack -am package -DskipTests
fi

# Everything the run loads goes into a private folder, compiled from the sources: other builds in
# the same checkout rewrite local-stack/target while a benchmark runs.
work="$(mktemp -d /tmp/ingest-benchmark-build-XXXXXX)"
trap 'rm -rf "$work"' EXIT
mvn -B -q -o -pl local-stack -Dstack.standalone dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/classpath.txt" \
  || mvn -B -q -pl local-stack -Dstack.standalone dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/classpath.txt"
deps="$(cat "$work/classpath.txt")"
mkdir -p "$work/classes"
cp -r "$module/src/main/resources/." "$work/classes/"
tests="$repo/system-tests/src/test/java/io/kafkaprediction/systemtests"
{ find "$module/src/main/java" "$tests/benchmarks" -name '*.java' ! -name '*Test.java'; echo "$tests/StackFiles.java"; } > "$work/sources.txt"
javac -nowarn -encoding UTF-8 --release 17 -d "$work/classes" -cp "$deps" @"$work/sources.txt"
cp -r "$module/target/plugins" "$work/plugins"

echo "uptime before: $(uptime)"
java -Xms1g -Xmx3g -Dstack.repo="$repo" -Dbench.pluginPath="$work/plugins" \
  -cp "$work/classes:$deps" \
  io.kafkaprediction.systemtests.benchmarks.IngestionBenchmark "$@"
echo "uptime after:  $(uptime)"
