#!/usr/bin/env bash
# Restarts the connector's failed tasks, as the embedded stack's FailedTaskRestarter does.
# Why: the JDBC sink does not retry a write that fails because PostgreSQL is down or restarting;
# its task goes FAILED and stays so until someone restarts it (RELIABILITY.md).
#   CONNECT_URL        Connect REST API, e.g. http://connect:8083
#   CONNECTOR_NAME     the connector to watch (default user-features-sink)
#   INTERVAL_SECONDS   status poll interval (default 5)
# Each poll touches /tmp/watchdog.alive, which the container's health check reads.
set -uo pipefail

connect_url="${CONNECT_URL:?set CONNECT_URL, e.g. http://connect:8083}"
name="${CONNECTOR_NAME:-user-features-sink}"
interval="${INTERVAL_SECONDS:-5}"
backoff=2        # seconds before the next restart request; doubles while tasks keep failing
max_backoff=60
next_restart=0

while true; do
  touch /tmp/watchdog.alive
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
  sleep "$interval"
done
