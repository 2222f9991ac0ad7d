#!/usr/bin/env bash
# Feature-store benchmarks on a generated event history (feature-store-data.sh: USERS x EVENTS
# events over DAYS days, table and indexes from connect-configs/schema.sql), each figure beside
# its baseline in the same run:
#   1. POST /predict by user_id, a model of 6 feature definitions (3 windowed), random users:
#      req/s (wrk) against pgbench -M prepared running the service's own statement (FeatureQuery,
#      written out by FeatureQueryScript) with as many users per statement as the service batched,
#      and with one. Target >= 0.3x pgbench.
#   2. p99 at a constant RATE req/s (ConstantRateLoad, from the intended send time; the actual
#      send beside it), random users, against the no-op /bench/noop at the same rate. Target <= 5 ms.
#   3. training-set: ENTITIES entity rows (random user, random time in the history) x the 6
#      features, rows/s (target >= 20 000), then train on the result (time reported).
# EXPLAIN (ANALYZE, BUFFERS) of the online lookup and of a training-set batch is printed for both.
# Any non-2xx answer fails the run. Needs wrk and PostgreSQL 15 server binaries
# with pgbench (Debian: apt-get install wrk postgresql).
# Usage: scoring-service/benchmarks/feature-store-bench.sh
#   env: USERS=10000 EVENTS=200 DAYS=7 SHARED_BUFFERS=1GB DURATION=15 WARMUP=20 CONNECTIONS=8 POOL=4 RATE=2000
#        RATE_CONNECTIONS=16 ENTITIES=100000 EVENT_LOOP_THREADS=1 PORT_RANGE=low-high
#        PG_BIN BUILD_DIR SERVER_JAVA_OPTS
#   issue 11's "table larger than shared_buffers": USERS=1000000 EVENTS=20 SHARED_BUFFERS=128MB
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-10000}
EVENTS=${EVENTS:-200}
DAYS=${DAYS:-7}
SHARED_BUFFERS=${SHARED_BUFFERS:-1GB}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-8}
POOL=${POOL:-4}
RATE=${RATE:-2000}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-16}
ENTITIES=${ENTITIES:-100000}
EVENT_LOOP_THREADS=${EVENT_LOOP_THREADS:-1}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BUILD_DIR=${BUILD_DIR:-target}
FEATURES=click:count:1h,view:avg:24h,purchase:sum:7d,click:age,click,view
export USERS
. benchmarks/lib.sh

for tool in wrk python3 curl "$PG_BIN/pgbench" "$PG_BIN/initdb"; do
  command -v "$tool" > /dev/null || { echo "missing $tool (apt-get install -y wrk postgresql)" >&2; exit 1; }
done
build_jar_if_missing

bench_workdir feature-store-bench
now() { date +%s.%N; }
machine_line
script() { java -cp "$BUILD_DIR/test-classes:$JAR" io.kafkaprediction.scoring.benchmarks.FeatureQueryScript "$@"; }

# PostgreSQL, the real schema, the generated history.
PGPORT=$(free_port)
[[ $(id -u) == 0 ]] && chown postgres "$WORK"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 > /dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 \
  -c fsync=off -c shared_buffers=$SHARED_BUFFERS -c max_wal_size=4GB" start > /dev/null
PG_STARTED=1
PSQL_ARGS=(-h 127.0.0.1 -p "$PGPORT" -U postgres postgres)
psql() { "$PG_BIN/psql" -v ON_ERROR_STOP=1 -qAt "${PSQL_ARGS[@]}" "$@"; }
# The roles need passwords; the benchmark never logs in with them.
ROLE_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr -d "/+=")
PGOPTIONS="-c kp.connect_password=$ROLE_PASSWORD -c kp.scoring_password=$ROLE_PASSWORD" psql -f ../connect-configs/schema.sql 2> /dev/null
start=$(now)
USERS=$USERS EVENTS=$EVENTS DAYS=$DAYS PSQL="$PG_BIN/psql" benchmarks/feature-store-data.sh "${PSQL_ARGS[@]}"
echo "== PostgreSQL $(psql -c 'SHOW server_version') on 127.0.0.1:$PGPORT, shared_buffers $SHARED_BUFFERS, fsync off"
echo "   user_features: $(psql -c 'SELECT count(*) FROM user_features') rows ($USERS users x $EVENTS events over $DAYS days),"\
  "loaded with COPY + VACUUM ANALYZE in $(printf %.0f "$(echo "$(now) - $start" | bc)") s; table $(psql -c \
  "SELECT pg_size_pretty(sum(pg_relation_size(relid))) FROM pg_partition_tree('user_features')"), indexes: $(psql -c "SELECT string_agg(x.indexrelid::regclass || ' ' || pg_size_pretty((SELECT sum(pg_relation_size(p.relid))
  FROM pg_partition_tree(x.indexrelid) p)), ', ' ORDER BY x.indexrelid::regclass::text) FROM pg_index x WHERE x.indrelid = 'user_features'::regclass")"
echo "   $(psql -c "SELECT string_agg(event_type || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT event_type, count(*) n FROM user_features GROUP BY 1) c")"

# Entities for the training set: random users at random times of the history (label: a coin, timing only).
psql -c "COPY (SELECT 'user' || (1 + floor(random() * $USERS))::int AS user_id,
  (extract(epoch FROM now() - random() * INTERVAL '$DAYS days') * 1000)::bigint AS timestamp,
  (random() < 0.3)::int AS label FROM generate_series(1, $ENTITIES)) TO STDOUT WITH (FORMAT csv, HEADER)" > "$WORK/entities.csv"

explain_plans() {
  echo "-- EXPLAIN (ANALYZE, BUFFERS), $1: online lookup, 2 random users at now (the service's statement, prepared)"
  script explain "$FEATURES" 2 "$USERS" 0 > "$WORK/explain-online.sql"
  psql -f "$WORK/explain-online.sql" > /dev/null   # first run warms the cache; the second is shown
  psql -f "$WORK/explain-online.sql" | sed 's/^/   /'
  echo "-- EXPLAIN (ANALYZE, BUFFERS), $1: one training-set batch, 1000 random entities over the history"
  script explain "$FEATURES" 1000 "$USERS" $(( DAYS * 86400 )) > "$WORK/explain-training.sql"
  psql -f "$WORK/explain-training.sql" > /dev/null
  psql -f "$WORK/explain-training.sql" | sed 's/^/   /'
}

# 1. /predict by user_id against pgbench on the same statement.
lookups() {
  local label=$1 batch batch_pgb tps1 tpsb users_per_s
  local before_c before_s
  before_c=$(curl -s "$BASE/prometheus" | awk '/^scoring_feature_lookup_batch_size_count/ {print $2}')
  before_s=$(curl -s "$BASE/prometheus" | awk '/^scoring_feature_lookup_batch_size_sum/ {print $2}')
  run_wrk "/predict user_id, $label" "$BASE/predict" lookup.lua "$DURATION"
  local predict=$LAST_RPS
  batch=$(curl -s "$BASE/prometheus" | awk -v c0="${before_c:-0}" -v s0="${before_s:-0}" '
    /^scoring_feature_lookup_batch_size_count/ {c = $2} /^scoring_feature_lookup_batch_size_sum/ {s = $2}
    END {printf "%.2f", (s - s0) / (c - c0)}')
  batch_pgb=$(printf %.0f "$batch"); (( batch_pgb < 1 )) && batch_pgb=1
  echo "   $(load); users per lookup statement (the service's batching): $batch"
  for b in 1 "$batch_pgb"; do
    mapfile -t OPTIONS < <(script pgbench "$FEATURES" "$b" "$WORK/lookup-$b.pgbench")
    local out
    # The service's session settings (EnvironmentSettings): the same generic plan, made once per connection.
    out=$(PGOPTIONS="-c plan_cache_mode=force_generic_plan" "$PG_BIN/pgbench" -n -M prepared -c "$POOL" -j 1 -T "$DURATION" \
      -D users="$USERS" "${OPTIONS[@]}" \
      -f "$WORK/lookup-$b.pgbench" "${PSQL_ARGS[@]}" 2>&1)
    grep -q 'number of failed transactions: 0 ' <<< "$out" || { echo "FAILED: pgbench: $out" >&2; exit 1; }
    local tps
    tps=$(awk '/^tps/ {print $3; exit}' <<< "$out")
    printf '%-44s %10.0f tps = %8.0f users/s   avg latency %s ms   %s\n' "pgbench -M prepared (generic plan) -c $POOL, $b user(s)/stmt" \
      "$tps" "$(echo "$tps * $b" | bc)" "$(awk '/latency average/ {print $4}' <<< "$out")" "$(load)"
    [[ $b == "$batch_pgb" ]] && users_per_s=$(echo "$tps * $b" | bc)
    [[ $b == 1 ]] && tps1=$tps
  done
  printf '   /predict by user_id: %s req/s = %.2fx pgbench at %s users/stmt (%.0f users/s), %.2fx pgbench at 1 user/stmt (target >= 0.3x)\n' \
    "$predict" "$(echo "$predict / $users_per_s" | bc -l)" "$batch_pgb" "$users_per_s" "$(echo "$predict / $tps1" | bc -l)"
}

# Milliseconds PostgreSQL spent executing statements (all sessions: only this benchmark's run here).
active_ms() { psql -c "SELECT active_time FROM pg_stat_database WHERE datname = current_database()"; }

training() {
  local label=$1 start elapsed active
  active=$(active_ms)
  start=$(now)
  env DATABASE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" DATABASE_USER=postgres \
    java -Xmx512m -jar "$JAR" training-set --entities "$WORK/entities.csv" --features "$FEATURES" --output "$WORK/train.csv" \
    | sed 's/^/   /'
  elapsed=$(echo "$(now) - $start" | bc)
  sleep 0.6 # pg_stat_database is flushed at most every 500 ms
  printf '   training-set, %s: %d rows x 6 features in %.1f s = %.0f rows/s (JVM start included; target >= 20 000);'\
' of which PostgreSQL executing the statements %.1f s   %s\n' \
    "$label" "$ENTITIES" "$elapsed" "$(echo "$ENTITIES / $elapsed" | bc -l)" "$(echo "($(active_ms) - $active) / 1000" | bc -l)" "$(load)"
}

# The service, from its fat jar, with the 6-feature model.
java -jar "$JAR" create-model --output "$WORK/model.json" --features "$FEATURES" | sed 's/^/   /'
start_service "$WORK/server.log" MODEL_PATH="$WORK/model.json" MODEL_VERSION=bench \
  DATABASE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" DATABASE_USER=postgres DATABASE_POOL_SIZE="$POOL" \
  EVENT_LOOP_THREADS="$EVENT_LOOP_THREADS" MICRONAUT_ENVIRONMENTS=bench || exit 1
SERVER_PID=$STARTED_PID
BASE=$STARTED_URL
echo "== scoring-service on $BASE (event loops: $EVENT_LOOP_THREADS, pool: $POOL), wrk -t1 -c$CONNECTIONS, ${DURATION}s per run"
curl -fs -X POST -H 'Content-Type: application/json' -d '{"user_id":"user1"}' "$BASE/predict" | sed 's/^/   sample: /'; echo
echo "-- warm-up (JIT), not reported: ${WARMUP}s (the JIT's compile threads share the 2 cores too)"
WARM_UP=1 run_wrk "warm-up noop" "$BASE/bench/noop" features.lua 5 | sed 's/^/   /'
WARM_UP=1 run_wrk "warm-up lookup" "$BASE/predict" lookup.lua "$WARMUP" | sed 's/^/   /'

explain_plans "schema.sql's indexes"

echo "-- 1. /predict by user_id (6 features, 3 windowed, random users) vs pgbench on the same statement   $(load)"
lookups "schema.sql"

echo "-- 2. constant $RATE req/s, $RATE_CONNECTIONS connections, ${DURATION}s, random users: latency from the intended send (actual send beside)"
for path in /bench/noop /predict; do
  echo "   $path   $(load)"
  java -cp "$BUILD_DIR/test-classes" io.kafkaprediction.scoring.benchmarks.ConstantRateLoad "$BASE$path" \
    '{"user_id":"user%USER%"}' "$RATE" "$DURATION" "$RATE_CONNECTIONS" "$USERS" | sed 's/^/     /'   # fails on non-2xx
done

echo "-- 3. training-set ($ENTITIES entities x 6 features) and train"
training "schema.sql"
start=$(now)
java -Xmx1g -jar "$JAR" train --training-set "$WORK/train.csv" --label label --output "$WORK/trained.json" | sed 's/^/   /'
printf '   train: %d rows x 6 features, 200 rounds, depth 6: %.1f s (JVM start included)   %s\n' "$ENTITIES" "$(echo "$(now) - $start" | bc)" "$(load)"
