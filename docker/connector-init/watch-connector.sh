#!/usr/bin/env bash
# Watches the sink connector, as the embedded stack's FailedTaskRestarter does, and more:
#  - restarts its failed tasks. Confluent's JDBC sink retries an SQL error max.retries times, but a
#    lost connection (PostgreSQL down or restarting) fails the task, which stays FAILED until someone
#    restarts it (RELIABILITY.md);
#  - flags dead letters whose stage is TASK_PUT as a sink failure. With errors.tolerance=all the
#    Confluent sink, once its retries of an SQL error (a missing table, a permission error, a
#    read-only failover target) are used up, sends the whole batch to the dead-letter topic: valid
#    events become dead letters and no task fails. Bad input is dead-lettered at stage
#    TRANSFORMATION or VALUE_CONVERTER instead.
#   CONNECT_URL        Connect REST API, e.g. http://connect:8083
#   CONNECTOR_NAME     the connector to watch (from .env, see .env.example)
#   INTERVAL_SECONDS   status poll interval (default 5)
#   BOOTSTRAP_SERVERS, DLQ_TOPIC   where the dead letters are (without them, no dead-letter check)
#   WATCHDOG_STATE_DIR where the two files below go (default /tmp)
# Each poll touches watchdog.alive; a TASK_PUT dead letter creates watchdog.sink-failure. The
# container's health check reads both: a sink failure turns it unhealthy until it is recreated.
set -uo pipefail

connect_url="${CONNECT_URL:?set CONNECT_URL, e.g. http://connect:8083}"
name="${CONNECTOR_NAME:?set CONNECTOR_NAME (see .env.example)}"
interval="${INTERVAL_SECONDS:-5}"
bootstrap="${BOOTSTRAP_SERVERS:-}"
dlq_topic="${DLQ_TOPIC:-}"
state_dir="${WATCHDOG_STATE_DIR:-/tmp}"
backoff=2        # seconds before the next restart request; doubles while tasks keep failing
max_backoff=60
next_restart=0
dlq_next=0       # next dead-letter offset to look at (the topic has one partition)
# Only dead letters written since this watchdog started count: a recreated watchdog does not
# report again what was fixed and re-produced before.
started_ms=$(( $(date +%s) * 1000 ))

check_dead_letters() {
  [[ -n "$bootstrap" && -n "$dlq_topic" ]] || return 0
  local records offset timestamp headers
  # %o offset, %T timestamp (ms), %h headers as key=value,...; -e stops at the end of the partition.
  records="$(kcat -b "$bootstrap" -C -t "$dlq_topic" -p 0 -o "$dlq_next" -e -q -f '%o %T %h\n' 2>/dev/null)" || return 0
  while read -r offset timestamp headers; do
    [[ -n "$offset" ]] || continue
    dlq_next=$((offset + 1))
    if (( timestamp >= started_ms )) && [[ "$headers" == *"__connect.errors.stage=TASK_PUT"* ]]; then
      echo "$(date -u +%FT%TZ) SINK FAILURE: dead letter $dlq_topic@$offset has stage TASK_PUT: the sink could not write" \
        "it (an SQL error, after max.retries), the event may well be valid. Fix the database side, then produce" \
        "the dead-lettered events again; this is not bad input."
      touch "$state_dir/watchdog.sink-failure"
    fi
  done <<< "$records"
}

while true; do
  touch "$state_dir/watchdog.alive"
  if status="$(curl -fsS "$connect_url/connectors/$name/status" 2>/dev/null)" \
      && jq -e '.connector.state == "FAILED" or any(.tasks[]?; .state == "FAILED")' <<< "$status" > /dev/null; then
    if (( SECONDS >= next_restart )); then
      echo "$(date -u +%FT%TZ) $name has failed tasks; requesting a restart of them"
      curl -fsS -o /dev/null -X POST "$connect_url/connectors/$name/restart?includeTasks=true&onlyFailed=true" \
        || echo "$(date -u +%FT%TZ) restart request failed; will retry"
      next_restart=$((SECONDS + backoff))
      backoff=$(( backoff * 2 > max_backoff ? max_backoff : backoff * 2 ))
    fi
  else
    backoff=2
  fi
  check_dead_letters
  sleep "$interval"
done
