#!/usr/bin/env bash
# Writes .env from .env.example with a fresh random value for every empty *_PASSWORD.
# Refuses to overwrite an existing .env (its passwords are already in the database volume).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -e .env ]]; then
  echo ".env already exists; edit it by hand, or delete it together with the postgres-data volume" >&2
  echo "(docker compose down -v) to start over." >&2
  exit 1
fi

random_password() {
  # Hex only: safe in .env, in PGOPTIONS and in a JDBC URL without quoting.
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

umask 077
while IFS= read -r line || [[ -n "$line" ]]; do
  if [[ "$line" =~ ^([A-Z_]*_PASSWORD)=$ ]]; then
    printf '%s=%s\n' "${BASH_REMATCH[1]}" "$(random_password)"
  else
    printf '%s\n' "$line"
  fi
done < .env.example > .env
echo "wrote .env with generated passwords (readable by you only)"
