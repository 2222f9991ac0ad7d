#!/usr/bin/env bash
# Time from READY to the first event's row: restarts the stack (clean: './stack down'; unclean:
# SIGKILL of the stack's JVM and its Connect worker, so the sink group keeps their members), then,
# the moment './stack up -d' returns, produces one event through the REST Proxy and polls PostgreSQL
# every 20 ms until its row is there. Prints the figure; needs psql and a stack that is running.
#
#   local-stack/scripts/ready-to-row.sh clean|unclean
# Same environment as ./stack (STACK_HOME, STACK_*_PORT).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOME_DIR="${STACK_HOME:-$ROOT/.stack}"
mode="${1:?clean or unclean}"

case "$mode" in
  clean) "$ROOT/stack" down >/dev/null ;;
  unclean)
    read -r stack_pid _ < "$HOME_DIR/stack.pid"
    read -r worker_pid _ < "$HOME_DIR/children/connect.pid"
    kill -KILL "$stack_pid" "$worker_pid"
    sleep 1 ;;
  *) echo "usage: $0 clean|unclean" >&2; exit 2 ;;
esac

t_up=$(date +%s%N)
"$ROOT/stack" up -d > "$HOME_DIR/ready-to-row.out"
t_ready=$(date +%s%N)

user="ready-$(date +%s%N)"
curl -sf -o /dev/null -X POST -H 'Content-Type: application/vnd.kafka.json.v2+json' \
  --data "{\"records\":[{\"value\":{\"user_id\":\"$user\",\"event_type\":\"click\",\"value\":1,\"timestamp\":\"2026-01-20T15:00:00Z\"}}]}" \
  "http://127.0.0.1:${STACK_REST_PROXY_PORT:-8082}/topics/raw_data_events"
export PGPASSWORD
PGPASSWORD="$(sed -n 's/^postgres_superuser_password=//p' "$HOME_DIR/secrets.properties")"
for _ in $(seq 1 3000); do
  n=$(psql -qtA -h 127.0.0.1 -p "${STACK_POSTGRES_PORT:-5432}" -U postgres -d feature_store_db \
        -c "SELECT count(*) FROM user_features WHERE user_id = '$user'")
  [ "$n" = 1 ] && break
  sleep 0.02
done
t_row=$(date +%s%N)
[ "$n" = 1 ] || { echo "no row after 60 s" >&2; exit 1; }
echo "$mode restart: up -d took $(( (t_ready - t_up) / 1000000 )) ms; produce -> row after READY $(( (t_row - t_ready) / 1000000 )) ms"
