#!/usr/bin/env bash
# The production stack on one machine, in the foreground (`make serve`):
#   PostgreSQL (Debian's, via scripts/postgres.sh, unless DATABASE_URL is set),
#   migrations, collectstatic (WhiteNoise: compressed, hashed names), `check --deploy`,
#   KRING_DB_WORKERS task workers (`manage.py db_worker`, default 2) and
#   gunicorn with KRING_WEB_WORKERS workers (default 4) on KRING_BIND (default 127.0.0.1:8000).
# Settings: kring.settings_production. Every process logs JSON lines to stdout.
# When one process ends, the script stops the others and exits: under a service manager each
# piece runs on its own instead (docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${KRING_PYTHON:-.venv/bin/python}
BIN=$(dirname "$PY")
log() { printf '{"logger": "serve.sh", "level": "INFO", "message": "%s"}\n' "$*"; }

export DJANGO_SETTINGS_MODULE=kring.settings_production
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL=$(KRING_PG_DB=kring_serve bash scripts/postgres.sh url)
fi
export DATABASE_URL
if [ -z "${KRING_SECRET_KEY:-}" ]; then
  # One machine and no key given: make one once and keep it (readable by this user only).
  KEY_FILE=${KRING_SECRET_KEY_FILE:-.kring-secret-key}
  if [ ! -s "$KEY_FILE" ]; then
    (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$KEY_FILE")
    log "made a new secret key in $KEY_FILE; keep it, or set KRING_SECRET_KEY"
  fi
  KRING_SECRET_KEY=$(cat "$KEY_FILE")
fi
export KRING_SECRET_KEY
export KRING_ALLOWED_HOSTS=${KRING_ALLOWED_HOSTS:-127.0.0.1,localhost}
BIND=${KRING_BIND:-127.0.0.1:8000}
WEB_WORKERS=${KRING_WEB_WORKERS:-4}
DB_WORKERS=${KRING_DB_WORKERS:-2}

"$PY" manage.py migrate --no-input -v 0
"$PY" manage.py collectstatic --no-input -v 0
"$PY" manage.py check --deploy --fail-level ERROR >&2  # stdout carries JSON lines only

pids=()
stop() {
  trap - TERM INT EXIT
  log "stopping ${pids[*]}"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait || true
}
trap stop TERM INT EXIT

for i in $(seq 1 "$DB_WORKERS"); do
  "$PY" manage.py db_worker --no-reload --interval 1 --worker-id "$(hostname -s)-$$-$i" &
  pids+=($!)
done
"$BIN/gunicorn" -c python:kring.config.gunicorn --workers "$WEB_WORKERS" --bind "$BIND" &
pids+=($!)
log "serving on http://$BIND with $WEB_WORKERS web and $DB_WORKERS task workers"
wait -n
log "a process ended; stopping the rest"
