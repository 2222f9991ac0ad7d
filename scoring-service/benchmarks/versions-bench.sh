#!/usr/bin/env bash
# POST /predict with features on a model repository with canary and shadow on (primary 1, canary 2
# at 10 %, shadow 3) against the same service on a single model file, in the same run: two
# services from the same jar, alternating wrk rounds, best of each compared. Target: >= 0.8x.
# Then checks on the repository service that the shadow scored every request and the canary
# share. Needs wrk (Debian: apt-get install wrk).
# Usage: scoring-service/benchmarks/versions-bench.sh   (env: DURATION, ROUNDS, CONNECTIONS, EVENT_LOOP_THREADS,
#        BUILD_DIR, SERVER_JAVA_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
ROUNDS=${ROUNDS:-3}
EVENT_LOOP_THREADS=${EVENT_LOOP_THREADS:-1}
BUILD_DIR=${BUILD_DIR:-target}
. benchmarks/lib.sh

for tool in wrk python3 curl; do
  command -v "$tool" > /dev/null || { echo "missing $tool (apt-get install -y wrk)" >&2; exit 1; }
done
build_jar_if_missing

WORK=$(mktemp -d /tmp/scoring-versions-bench.XXXXXX)
SINGLE_PID=
REPO_PID=
cleanup() {
  for pid in $SINGLE_PID $REPO_PID; do kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
machine_line

# The same demo model serves alone, and as primary 1 beside canary 2 and shadow 3 (other seeds).
java -jar "$JAR" create-model --output "$WORK/model.json" > /dev/null
for version in 1 2 3; do
  mkdir -p "$WORK/models/model/$version"
  java -jar "$JAR" create-model --seed $((41 + version)) --output "$WORK/models/model/$version/model.json" > /dev/null
done
echo '{"primary": "1", "canary": {"version": "2", "percent": 10}, "shadow": "3"}' > "$WORK/models/model/routing.json"

start_service "$WORK/single.log" MODEL_PATH="$WORK/model.json" EVENT_LOOP_THREADS="$EVENT_LOOP_THREADS" || exit 1
SINGLE_PID=$STARTED_PID; SINGLE=$STARTED_URL
start_service "$WORK/repo.log" MODEL_PATH="$WORK/models" EVENT_LOOP_THREADS="$EVENT_LOOP_THREADS" || exit 1
REPO_PID=$STARTED_PID; REPO=$STARTED_URL
echo "== single model on $SINGLE; repository (primary 1, canary 2 at 10 %, shadow 3) on $REPO"
echo "== event loops: $EVENT_LOOP_THREADS, wrk -t1 -c$CONNECTIONS, ${DURATION}s per run, random user_id per request"

echo "-- warm-up (JIT), not reported"
run_wrk "warm-up single" "$SINGLE/predict" users.lua "$DURATION" "$SINGLE_PID" > /dev/null
run_wrk "warm-up canary+shadow" "$REPO/predict" users.lua "$DURATION" "$REPO_PID" > /dev/null
SHADOW_BEFORE=$(curl -s "$REPO/prometheus" | awk '/^scoring_shadow_predictions_total\{.*outcome="success"/ {s += $2} END {print s + 0}')
SCORED_BEFORE=$(curl -s "$REPO/prometheus" | awk '/^scoring_version_predictions_total\{/ {s += $2} END {print s + 0}')

echo "-- $ROUNDS alternating rounds, best of each compared (the box may be shared: expect noise)"
BEST_SINGLE=0; BEST_REPO=0
for round in $(seq 1 "$ROUNDS"); do
  run_wrk "single model            #$round" "$SINGLE/predict" users.lua "$DURATION" "$SINGLE_PID"
  (( LAST_RPS > BEST_SINGLE )) && BEST_SINGLE=$LAST_RPS
  run_wrk "canary 10 % + shadow    #$round" "$REPO/predict" users.lua "$DURATION" "$REPO_PID"
  (( LAST_RPS > BEST_REPO )) && BEST_REPO=$LAST_RPS
done
echo "   best: single $BEST_SINGLE req/s, canary+shadow $BEST_REPO req/s = $(( 100 * BEST_REPO / BEST_SINGLE )) % of single (target >= 80 %)"

sleep 1 # the shadow drains every millisecond; let the last rows through
curl -s "$REPO/prometheus" | awk -v shadow0="$SHADOW_BEFORE" -v scored0="$SCORED_BEFORE" '
  /^scoring_version_predictions_total\{/ { total += $2; if ($0 ~ /route="canary"/) canary += $2 }
  /^scoring_shadow_predictions_total\{/ { match($0, /outcome="[a-z]+"/); shadow[substr($0, RSTART + 9, RLENGTH - 10)] += $2 }
  END {
    printf "   canary share: %.2f %% of %d scored rows (setting 10 %%)\n", 100 * canary / total, total
    printf "   shadow during the timed rounds: %d scored of %d requests; failures %d, dropped %d\n",
      shadow["success"] - shadow0, total - scored0, shadow["failure"], shadow["dropped"]
  }'
