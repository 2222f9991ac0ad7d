#!/usr/bin/env bash
# POST /predict with features on a model as large as production ones (create-model --trees 500
# --max-depth 8 --feature-count 50), request bodies that vary (random user, 50 random values),
# each figure beside the no-op /bench/noop of the same server given the same bodies:
#   1. closed-loop maximum (wrk), /predict against the no-op;
#   2. latency at constant rates RATES (ConstantRateLoad), from the intended send time, with the
#      actual send beside it; the highest rate whose /predict p99 from the intended send is <= 2 ms.
# Any non-2xx answer fails the run. Needs wrk (Debian: apt-get install wrk).
# Usage: scoring-service/benchmarks/realistic-bench.sh
#   env: RATES="1000 2000 5000 10000 20000" DURATION=10 CONNECTIONS=8 TREES=500 DEPTH=8 FEATURES=50
#        EVENT_LOOP_THREADS=1 PORT_RANGE=low-high BUILD_DIR SERVER_JAVA_OPTS
set -euo pipefail
cd "$(dirname "$0")/.."

RATES=${RATES:-1000 2000 5000 10000 20000}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
TREES=${TREES:-500}
DEPTH=${DEPTH:-8}
FEATURES=${FEATURES:-50}
EVENT_LOOP_THREADS=${EVENT_LOOP_THREADS:-1}
BUILD_DIR=${BUILD_DIR:-target}
export FEATURES
. benchmarks/lib.sh

for tool in wrk python3 curl; do
  command -v "$tool" > /dev/null || { echo "missing $tool (apt-get install -y wrk)" >&2; exit 1; }
done
build_jar_if_missing

bench_workdir realistic-bench
machine_line

java -jar "$JAR" create-model --output "$WORK/model.json" --trees "$TREES" --max-depth "$DEPTH" --feature-count "$FEATURES" \
  | sed 's/^/   /'
python3 - "$WORK/model.json" << 'EOF'
import json, sys
trees = json.load(open(sys.argv[1]))["learner"]["gradient_booster"]["model"]["trees"]
def depth(t, n=0):
    left, right = t["left_children"][n], t["right_children"][n]
    return 0 if left == -1 else 1 + max(depth(t, left), depth(t, right))
depths = [depth(t) for t in trees]
print(f"   model: {len(trees)} trees, depth max {max(depths)} / mean {sum(depths) / len(depths):.2f}, "
      f"{sum(len(t['left_children']) for t in trees)} nodes, {len(open(sys.argv[1]).read()) // 1024} KiB of JSON")
EOF

start_service "$WORK/server.log" MODEL_PATH="$WORK/model.json" MODEL_VERSION=bench \
  EVENT_LOOP_THREADS="$EVENT_LOOP_THREADS" MICRONAUT_ENVIRONMENTS=bench || exit 1
SERVER_PID=$STARTED_PID
BASE=$STARTED_URL
BODY='{"user_id":"user%USER%","features_for_prediction":['$(printf '%%X%%,%.0s' $(seq 2 "$FEATURES"))'%X%]}'
echo "== scoring-service on $BASE (event loops: $EVENT_LOOP_THREADS), no database; bodies: random user, $FEATURES random values"

echo "-- warm-up (JIT), not reported"
run_wrk "warm-up noop" "$BASE/bench/noop" realistic.lua 5 > /dev/null
run_wrk "warm-up predict" "$BASE/predict" realistic.lua 10 > /dev/null

echo "-- 1. closed loop, wrk -t1 -c$CONNECTIONS, ${DURATION}s   $(load)"
run_wrk "POST /bench/noop (floor)" "$BASE/bench/noop" realistic.lua "$DURATION"
run_wrk "POST /predict, $TREES trees" "$BASE/predict" realistic.lua "$DURATION"
echo "   $(load)"

echo "-- 2. constant rates, ${DURATION}s each, one connection per 500 req/s (at least 8): p99 from the intended send (actual send beside)"
printf '   %-8s %-12s %12s %12s %12s %12s   %s\n' rate endpoint "p50 intended" "p99 intended" "p99.9 intend" "p99 actual" load
BEST=none
for rate in $RATES; do
  connections=$(( rate / 500 > 8 ? rate / 500 : 8 ))
  for path in /bench/noop /predict; do
    out=$(java -cp "$BUILD_DIR/test-classes" io.kafkaprediction.scoring.benchmarks.ConstantRateLoad "$BASE$path" \
      "$BODY" "$rate" "$DURATION" "$connections" 1000000) || { echo "$out"; echo "FAILED: $path at $rate req/s" >&2; exit 1; }
    intended=$(awk '/from intended send/ {print $7, $11, $13}' <<< "$out")
    actual=$(awk '/from actual send/ {print $11}' <<< "$out")
    read -r p50 p99 p999 <<< "$intended"
    printf '   %-8s %-12s %9s ms %9s ms %9s ms %9s ms   %s   (%s)\n' "$rate" "$path" "$p50" "$p99" "$p999" "$actual" "$(load)" \
      "$(sed -n 's/^target [^,]*, //p' <<< "$out")"
    if [[ $path == /predict ]] && awk -v p="$p99" 'BEGIN {exit !(p <= 2.0)}'; then BEST=$rate; fi
  done
done
echo "   highest rate measured with /predict p99 <= 2 ms from the intended send: $BEST req/s (of: $RATES)"
