#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md one after another, each into its own log, with the load
# average printed before and after each: the figures are only worth reporting from a machine that
# is otherwise idle, and this makes it visible whether it was.
#
#   benchmarks/all.sh [GROUP...]      groups: scoring pipeline growth (default: all three)
#   env: LOG_DIR (default target/benchmarks-<time>), GROWTH_SIZES (default "0 0 10M 50M 100M")
#
# scoring:  model evaluator (JMH), HTTP, realistic model, model versions, feature store (2 M and
#           20 M rows);   pipeline: transforms (JMH), ingestion, its JFR profile, freshness, the
#           capacity model's 2-worker point;
# growth:   the growth curve (about half an hour for the default sizes on 2 cores).
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
groups=("$@")
[[ ${#groups[@]} -gt 0 ]] || groups=(scoring pipeline growth)
log_dir=${LOG_DIR:-target/benchmarks-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$log_dir"
failed=()

run() {
  local name=$1
  shift
  echo "== $name   $(date -u +%H:%M:%S)   load before: $(cut -d' ' -f1-3 /proc/loadavg)   log: $log_dir/$name.log"
  if ! "$@" > "$log_dir/$name.log" 2>&1; then
    failed+=("$name")
    echo "   FAILED (exit status $?): see $log_dir/$name.log"
  fi
  echo "   $(date -u +%H:%M:%S)   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)'), nproc $(nproc)"
for group in "${groups[@]}"; do
  case $group in
    scoring)
      mvn -B -q -pl scoring-service -am package -DskipTests > "$log_dir/build-scoring.log" 2>&1 || failed+=(build-scoring)
      run model-evaluator mvn -B -q -o -pl scoring-service exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
        "-Dexec.args=-cp %classpath org.openjdk.jmh.Main ModelBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s"
      run http scoring-service/benchmarks/http-bench.sh
      run realistic env RATES="${RATES:-1000 2000 3000 5000 7500 10000 15000 20000}" scoring-service/benchmarks/realistic-bench.sh
      run versions scoring-service/benchmarks/versions-bench.sh
      run feature-store-2m scoring-service/benchmarks/feature-store-bench.sh
      run feature-store-20m env USERS=1000000 EVENTS=20 SHARED_BUFFERS=128MB DURATION=10 \
        scoring-service/benchmarks/feature-store-bench.sh
      ;;
    pipeline)
      run transforms mvn -B -q -pl connect-transforms test-compile exec:exec
      run ingestion system-tests/benchmarks/ingest.sh
      run ingestion-profile system-tests/benchmarks/ingest.sh events=300000 warmup=300000 naive=false jfr="$log_dir/worker.jfr"
      run freshness system-tests/benchmarks/freshness.sh
      run capacity system-tests/benchmarks/freshness.sh rates=10000,30000 workers=2 partitions=4 tasks=4
      ;;
    growth)
      # shellcheck disable=SC2086 # the sizes are separate arguments
      # The size 0 twice: the second, measured warm, is the baseline of the others.
      run growth system-tests/benchmarks/growth.sh ${GROWTH_SIZES:-0 0 10M 50M 100M} charts="$log_dir/charts"
      ;;
    *)
      echo "unknown group '$group': expected scoring, pipeline or growth" >&2
      exit 2
      ;;
  esac
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
echo "all done; logs in $log_dir"
