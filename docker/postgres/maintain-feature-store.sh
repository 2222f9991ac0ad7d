#!/usr/bin/env bash
# The compose stack's scheduler of feature_store_maintain() (connect-configs/schema.sql): creates the
# coming weeks' partitions of user_features and, with FEATURE_RETENTION (e.g. 90d), drops the expired
# ones. Runs at start, then every MAINTENANCE_INTERVAL_SECONDS (default 3600). A failed run is
# reported and retried at the next one. Connection: the standard PG* variables. /tmp/maintenance.ok
# is touched after every successful run (the compose health check reads its age).
set -uo pipefail

interval="${MAINTENANCE_INTERVAL_SECONDS:-3600}"
retention="${FEATURE_RETENTION:-}"
echo "feature store maintenance every ${interval}s, retention: ${retention:-none (keeps everything)}"
while true; do
  # PostgreSQL reads FEATURE_RETENTION's forms (90d, 12h, 30m) as intervals; empty means NULL: keep all.
  # (psql substitutes :'retention' in its input, not in -c.)
  if ! psql -v ON_ERROR_STOP=1 -X -At -v retention="$retention" \
      <<< "SELECT * FROM feature_store_maintain(retention => nullif(:'retention', '')::interval);"; then
    echo "maintenance failed; retrying in ${interval}s" >&2
    rm -f /tmp/maintenance.ok
  else
    touch /tmp/maintenance.ok
  fi
  sleep "$interval"
done
