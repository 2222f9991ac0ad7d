# Sourced by ingest.sh and growth.sh (not run on its own): compiles the stack and the benchmark
# sources into a private folder "$work" with their classpath in "$deps", and copies the Connect
# plugins and connect-configs next to them. Everything a run loads is private: other builds in the
# same checkout rewrite local-stack/target, and schema.sql may be edited, while a benchmark runs.
# Needs: $repo (the repository root), $work (an empty folder).
module="$repo/local-stack"
if ! ls -d "$module"/target/plugins/debezium-connector-jdbc "$module"/target/plugins/kafkaprediction-feature-transforms-* >/dev/null 2>&1; then
  echo "Building the Connect plugin folder first (mvn -pl local-stack -am package -DskipTests) ..."
  mvn -B -q -pl local-stack -am package -DskipTests
fi
classpath() {
  { mvn -B -q -o "$@" dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt" \
    || mvn -B -q "$@" dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt"; } >&2
  cat "$work/cp.txt"
}
deps="$(classpath -f "$repo/pom.xml" -pl local-stack -Dstack.standalone)"
# The benchmarks' own libraries (feature_id UUIDs, Zipf sampler, charts), versions from the parent pom.
version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$repo/pom.xml" | head -1; }
mkdir -p "$work/extras"
cat > "$work/extras/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.kafkaprediction</groupId><artifactId>benchmark-extras</artifactId><version>1</version>
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
