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
module="$repo/local-stack"

if ! ls -d "$module"/target/plugins/debezium-connector-jdbc "$module"/target/plugins/kafkaprediction-feature-transforms-* >/dev/null 2>&1; then
  echo "Building the Connect plugin folder first (mvn -pl local-stack -am package -DskipTests) ..."
  mvn -B -q -pl local-stack -am package -DskipTests
fi

# Everything the run loads goes into a private folder, compiled from the sources (as ingest.sh does):
# other builds in the same checkout rewrite local-stack/target, and schema.sql may be edited, meanwhile.
work="$(mktemp -d /tmp/growth-benchmark-build-XXXXXX)"
trap 'rm -rf "$work"' EXIT
classpath() {
  { mvn -B -q -o "$@" dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt" \
    || mvn -B -q "$@" dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt"; } >&2
  cat "$work/cp.txt"
}
deps="$(classpath -pl local-stack -Dstack.standalone)"
# The benchmark's own libraries (feature_id UUIDs, Zipf sampler, charts), versions from the parent pom.
version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$repo/pom.xml" | head -1; }
mkdir -p "$work/extras"
cat > "$work/extras/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.kafkaprediction</groupId><artifactId>growth-benchmark-extras</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>com.fasterxml.uuid</groupId><artifactId>java-uuid-generator</artifactId><version>$(version java-uuid-generator.version)</version></dependency>
    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-math3</artifactId><version>$(version commons-math3.version)</version></dependency>
    <dependency><groupId>org.knowm.xchart</groupId><artifactId>xchart</artifactId><version>$(version xchart.version)</version></dependency>
  </dependencies>
</project>
POM
deps="$deps:$(classpath -f "$work/extras/pom.xml")"
mkdir -p "$work/classes"
cp -r "$module/src/main/resources/." "$work/classes/"
tests="$repo/system-tests/src/test/java/io/kafkaprediction/systemtests"
{ find "$module/src/main/java" "$tests/benchmarks" -name '*.java' ! -name '*Test.java'; echo "$tests/StackFiles.java"; } > "$work/sources.txt"
javac -nowarn -encoding UTF-8 --release 17 -d "$work/classes" -cp "$deps" @"$work/sources.txt"
cp -r "$module/target/plugins" "$work/plugins"
cp -r "$repo/connect-configs" "$work/connect-configs"

echo "nproc: $(nproc); uptime before: $(uptime)"
java -Xms1g -Xmx3g -Djava.awt.headless=true -Dstack.repo="$repo" -Dbench.pluginPath="$work/plugins" \
  -Dbench.connectConfigs="$work/connect-configs" -cp "$work/classes:$deps" \
  io.kafkaprediction.systemtests.benchmarks.GrowthBenchmark "$@"
echo "uptime after:  $(uptime)"
