#!/usr/bin/env bash
# Registers (or updates) a connector from a {"name", "config"} file with
# PUT /connectors/<name>/config, which is idempotent, then waits until it runs.
#   CONNECT_URL            Connect REST API, e.g. http://connect:8083
#   CONNECTOR_CONFIG_FILE  JSON file with "name" and "config"
#   WAIT_SECONDS           how long to wait for Connect and for RUNNING (default 120)
#   FEATURE_RETENTION      optional, e.g. 90d: the validation transform's retention (older events are dead-lettered)
set -euo pipefail

connect_url="${CONNECT_URL:?set CONNECT_URL, e.g. http://connect:8083}"
config_file="${CONNECTOR_CONFIG_FILE:?set CONNECTOR_CONFIG_FILE to a JSON file with name and config}"
wait_seconds="${WAIT_SECONDS:-120}"

if [[ ! -r "$config_file" ]]; then
  echo "connector config $config_file is missing or unreadable; is it mounted?" >&2
  exit 1
fi
name="$(jq -er '.name' "$config_file")" || {
  echo "$config_file has no \"name\"; expected {\"name\": ..., \"config\": {...}}" >&2
  exit 1
}
jq -e '.config | type == "object"' "$config_file" > /dev/null || {
  echo "$config_file has no \"config\" object; expected {\"name\": ..., \"config\": {...}}" >&2
  exit 1
}

deadline=$((SECONDS + wait_seconds))
until curl -fsS -o /dev/null "$connect_url/connectors"; do
  if (( SECONDS >= deadline )); then
    echo "Connect REST API at $connect_url did not answer within ${wait_seconds}s" >&2
    exit 1
  fi
  sleep 2
done

# 201 = created, 200 = updated; 400 carries Connect's validation errors.
response="$(mktemp)"
status="$(jq --arg retention "${FEATURE_RETENTION:-}" \
    '.config | if $retention != "" then .["transforms.validate.retention"] = $retention else . end' "$config_file" | curl -sS -o "$response" -w '%{http_code}' \
  -X PUT -H 'Content-Type: application/json' --data-binary @- \
  "$connect_url/connectors/$name/config")"
if [[ "$status" != 200 && "$status" != 201 ]]; then
  echo "PUT /connectors/$name/config answered HTTP $status:" >&2
  cat "$response" >&2
  echo >&2
  exit 1
fi
echo "connector $name registered (HTTP $status)"

# Registration succeeds before the tasks start; report the first settled state.
while true; do
  state="$(curl -fs "$connect_url/connectors/$name/status" || echo "{}")"
  if jq -e '.connector.state == "FAILED" or any(.tasks[]?; .state == "FAILED")' <<< "$state" > /dev/null; then
    echo "connector $name failed:" >&2
    jq . <<< "$state" >&2
    exit 1
  fi
  if jq -e '.connector.state == "RUNNING" and (.tasks | length > 0) and all(.tasks[]; .state == "RUNNING")' \
      <<< "$state" > /dev/null; then
    echo "connector $name RUNNING with $(jq '.tasks | length' <<< "$state") task(s)"
    exit 0
  fi
  if (( SECONDS >= deadline )); then
    echo "connector $name not RUNNING within ${wait_seconds}s:" >&2
    jq . <<< "$state" >&2
    exit 1
  fi
  sleep 2
done
