#!/usr/bin/env bash
# HTTP benchmarks of the scoring service, each beside its baseline in the same run:
#   1. POST /predict with features  vs  the no-op POST /bench/noop of the same server (wrk)
#   2. p99 at a constant half of the measured /predict maximum, both endpoints (ConstantRateLoad)
#   3. POST /predict by user_id     vs  its own statement (FeatureQuery) in pgbench -M prepared (and /bench/hop: the
#      no-op plus the hop to the lookup executor, to split the lookup's cost)
# Needs wrk and PostgreSQL server binaries + pgbench (Debian: apt-get install wrk postgresql).
# Usage: scoring-service/benchmarks/http-bench.sh   (env: DURATION, ROUNDS, CONNECTIONS, USERS, EVENT_LOOP_THREADS, POOL,
#        PG_BIN, BUILD_DIR, SERVER_JAVA_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
ROUNDS=${ROUNDS:-2}
USERS=${USERS:-20000}                 # x 3 event types x 2 timestamps = 120 000 rows
EVENT_LOOP_THREADS=${EVENT_LOOP_THREADS:-1}
POOL=${POOL:-4}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BUILD_DIR=${BUILD_DIR:-target}
export USERS
. benchmarks/lib.sh

for tool in wrk python3 curl "$PG_BIN/pgbench" "$PG_BIN/initdb"; do
  command -v "$tool" > /dev/null || { echo "missing $tool (apt-get install -y wrk postgresql)" >&2; exit 1; }
done
build_jar_if_missing

bench_workdir scoring-bench
machine_line

# PostgreSQL with USERS x 3 features x 2 timestamps.
PGPORT=$(free_port)
[[ $(id -u) == 0 ]] && chown postgres "$WORK"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 > /dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w \
  -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=128MB" start > /dev/null
PG_STARTED=1
psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qAt "$@"; }
# The real schema (connect-configs/schema.sql, as feature-store-bench.sh loads it): weekly partitions from
# this week on and the history partition before them, the natural key that serves the lookups. The test schema's 16 partitions
# (15 of them empty here) would make every lookup scan all 16 (BENCHMARKS.md). The roles' passwords are never used.
ROLE_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr -d "/+=")
PGOPTIONS="-c kp.connect_password=$ROLE_PASSWORD -c kp.scoring_password=$ROLE_PASSWORD" psql -v ON_ERROR_STOP=1 \
  -f ../connect-configs/schema.sql > /dev/null 2>&1
psql -c "INSERT INTO user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp)
  SELECT md5(u || e || t)::uuid, 'user' || u, e, random() * 2, TIMESTAMPTZ '2026-01-01Z' + t * INTERVAL '1 hour'
  FROM generate_series(1, $USERS) u, unnest(ARRAY['click', 'view', 'purchase']) e, generate_series(1, 2) t"
psql -c "ANALYZE user_features"
echo "== PostgreSQL $(psql -c 'SHOW server_version') on 127.0.0.1:$PGPORT, user_features rows: $(psql -c 'SELECT count(*) FROM user_features'), partitions: $(psql -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'user_features'::regclass")"

# The service, from its fat jar, with the no-op floor endpoint (bench environment).
java -jar "$JAR" create-model --output "$WORK/model.json" > /dev/null
start_service "$WORK/server.log" MODEL_PATH="$WORK/model.json" MODEL_VERSION=bench \
  DATABASE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" DATABASE_USER=postgres DATABASE_POOL_SIZE="$POOL" \
  EVENT_LOOP_THREADS="$EVENT_LOOP_THREADS" MICRONAUT_ENVIRONMENTS=bench || exit 1
SERVER_PID=$STARTED_PID
BASE=$STARTED_URL
echo "== scoring-service on $BASE (event loops: $EVENT_LOOP_THREADS, pool: $POOL), wrk -t1 -c$CONNECTIONS, ${DURATION}s per run"

echo "-- warm-up (JIT), not reported"
WARM_UP=1 run_wrk "warm-up noop" "$BASE/bench/noop" features.lua 5 > /dev/null
WARM_UP=1 run_wrk "warm-up predict" "$BASE/predict" features.lua 5 > /dev/null
WARM_UP=1 run_wrk "warm-up lookup" "$BASE/predict" lookup.lua 5 > /dev/null
WARM_UP=1 run_wrk "warm-up hop" "$BASE/bench/hop" lookup.lua 5 > /dev/null

echo "-- 1. throughput, closed loop (wrk: latency at $CONNECTIONS connections, not at a fixed rate);"
echo "      $ROUNDS alternating rounds, best of each compared (the box is shared: expect noise)"
FLOOR=0; PREDICT=0
for round in $(seq 1 "$ROUNDS"); do
  run_wrk "POST /bench/noop (floor)  #$round" "$BASE/bench/noop" features.lua "$DURATION"
  (( LAST_RPS > FLOOR )) && FLOOR=$LAST_RPS
  run_wrk "POST /predict features  #$round" "$BASE/predict" features.lua "$DURATION"
  (( LAST_RPS > PREDICT )) && PREDICT=$LAST_RPS
done
echo "   best: floor $FLOOR req/s, /predict $PREDICT req/s = $(( 100 * PREDICT / FLOOR )) % of the floor"

HALF=$(( PREDICT / 2 ))
echo "-- 2. constant rate $HALF req/s (half the /predict maximum), 4 connections, latency from intended send time"
BODY='{"user_id":"user1","features_for_prediction":[0.5,0.7,0.3]}'
for path in /bench/noop /predict; do
  echo "   $path"
  java -cp "$BUILD_DIR/test-classes" io.kafkaprediction.scoring.benchmarks.ConstantRateLoad "$BASE$path" "$BODY" "$HALF" "$DURATION" 4 | sed 's/^/     /'
done

echo "-- 3. lookup + score vs the service's own statement in pgbench (pool $POOL / $POOL clients)   $(load)"
run_wrk "POST /bench/hop (no JDBC)" "$BASE/bench/hop" lookup.lua "$DURATION"
run_wrk "POST /predict by user_id" "$BASE/predict" lookup.lua "$DURATION"
BATCH=$(curl -s "$BASE/prometheus" | awk '/^scoring_feature_lookup_batch_size_count/ {c = $2} /^scoring_feature_lookup_batch_size_sum/ {s = $2}
  END {if (c > 0) printf "%.2f", s / c; else print 1}')
echo "   users per lookup statement (concurrent requests batched): $BATCH on average"
# pgbench runs FeatureQuery's statement for the demo model's features, as FeatureQueryScript writes it out
# (feature-store-bench.sh does the same), with the service's session setting (EnvironmentSettings: a
# generic plan), at one user per statement and at the service's batch size.
BATCH_PGB=$(printf %.0f "$BATCH"); (( BATCH_PGB < 1 )) && BATCH_PGB=1
for b in $(printf '%s\n' 1 "$BATCH_PGB" | sort -nu); do
  mapfile -t OPTIONS < <(java -cp "$BUILD_DIR/test-classes:$JAR" io.kafkaprediction.scoring.benchmarks.FeatureQueryScript \
    pgbench click,view,purchase "$b" "$WORK/lookup-$b.pgbench")
  PGB=$(PGOPTIONS="-c plan_cache_mode=force_generic_plan" "$PG_BIN/pgbench" -n -M prepared -c "$POOL" -j 1 -T "$DURATION" \
    -D users="$USERS" "${OPTIONS[@]}" -f "$WORK/lookup-$b.pgbench" -h 127.0.0.1 -p "$PGPORT" -U postgres postgres 2>&1)
  grep -q 'number of failed transactions: 0 ' <<< "$PGB" || { echo "FAILED: pgbench: $PGB" >&2; exit 1; }
  TPS=$(awk '/^tps/ {print $3; exit}' <<< "$PGB")
  printf '%-34s %10.0f tps = %6.0f users/s   avg latency %s ms   %s\n' "pgbench -M prepared -c $POOL, $b user(s)/stmt" \
    "$TPS" "$(echo "$TPS * $b" | bc)" "$(awk '/latency average/ {print $4}' <<< "$PGB")" "$(load)"
done
