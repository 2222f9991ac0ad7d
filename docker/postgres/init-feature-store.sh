#!/usr/bin/env bash
# Runs once, on an empty data volume, from the postgres image's /docker-entrypoint-initdb.d.
# Applies connect-configs/schema.sql (mounted at /schema/schema.sql) to feature_store_db;
# schema.sql reads the two role passwords from the kp.* settings passed in PGOPTIONS.
set -euo pipefail

: "${FEATURE_DB_PASSWORD:?set FEATURE_DB_PASSWORD (the password of the sink's role, FEATURE_DB_USER) in .env}"
: "${SCORING_DB_PASSWORD:?set SCORING_DB_PASSWORD (the password of the scoring service's role, SCORING_DB_USER) in .env}"

# PGOPTIONS splits on spaces; a backslash keeps a space or backslash in the value.
pgoption_value() {
  local value="${1//\\/\\\\}"
  printf '%s' "${value// /\\ }"
}

PGOPTIONS="-c kp.connect_password=$(pgoption_value "$FEATURE_DB_PASSWORD") -c kp.scoring_password=$(pgoption_value "$SCORING_DB_PASSWORD")" \
  psql -v ON_ERROR_STOP=1 --no-psqlrc \
    --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-feature_store_db}" \
    --file /schema/schema.sql
