#!/usr/bin/env bash
# Fills user_features with synthetic event history for the feature-store benchmarks, streamed
# from generate_series through COPY (nothing is written to disk but the table):
#   USERS users (user1 ... userN), EVENTS events each, spread evenly over the DAYS days before
#   now (one event per slot of DAYS/EVENTS, at a random instant inside it, so (user, type, time)
#   stays unique), event types view 60 %, click 30 %, purchase 10 %; values: click 1, view dwell
#   seconds in [0, 60), purchase amount in [0, 100). arrived_at is 0-5 s after the event, 1 % of
#   events arrive up to an hour late. Rows are emitted slot by slot across all users, as live
#   ingestion writes them, so one user's rows are spread over the whole table (no free locality).
# Usage: feature-store-data.sh PSQL_ARGS...   (env: USERS=10000 EVENTS=200 DAYS=7)
#   e.g. USERS=1000000 EVENTS=20 feature-store-data.sh -h 127.0.0.1 -p 5432 -U postgres postgres
# The table must exist (connect-configs/schema.sql); existing rows are kept (new users collide
# with the natural key, so load into an empty table).
set -euo pipefail

USERS=${USERS:-10000}
EVENTS=${EVENTS:-200}
DAYS=${DAYS:-7}
PSQL=${PSQL:-psql}

"$PSQL" -v ON_ERROR_STOP=1 -qAt "$@" -c "COPY (
  WITH slots AS (SELECT now() - INTERVAL '$DAYS days' AS start, INTERVAL '$DAYS days' / $EVENTS AS width)
  SELECT md5(u || ':' || i)::uuid,
         'user' || u,
         CASE WHEN r < 0.6 THEN 'view' WHEN r < 0.9 THEN 'click' ELSE 'purchase' END,
         CASE WHEN r < 0.6 THEN round((random() * 60)::numeric, 3) WHEN r < 0.9 THEN 1
              ELSE round((random() * 100)::numeric, 2) END,
         t,
         t + CASE WHEN random() < 0.01 THEN random() * INTERVAL '1 hour' ELSE random() * INTERVAL '5 seconds' END
  -- The lateral names u and i, so it is drawn anew for every event, not once per slot.
  FROM slots, generate_series(1, $EVENTS) i, generate_series(1, $USERS) u,
       LATERAL (SELECT random() + 0 * u AS r, slots.start + (i - 1 + random() * 0.999) * slots.width AS t) e
) TO STDOUT" | "$PSQL" -v ON_ERROR_STOP=1 -qAt "$@" \
  -c "COPY user_features (feature_id, user_id, event_type, feature_value, ingestion_timestamp, arrived_at) FROM STDIN"
"$PSQL" -v ON_ERROR_STOP=1 -qAt "$@" -c "VACUUM (ANALYZE) user_features"
