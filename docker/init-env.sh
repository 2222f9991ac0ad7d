#!/usr/bin/env bash
# Writes .env from .env.example with a fresh random value for every empty *_PASSWORD.
# Leaves an existing .env as it is (its passwords are already in the database volume) and succeeds,
# so `docker/init-env.sh && docker compose up -d --build` works on every run, not only the first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -e .env ]]; then
  echo ".env already exists; kept as it is. To start over, delete it together with the postgres-data" >&2
  echo "volume (docker compose down -v)." >&2
  exit 0
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
