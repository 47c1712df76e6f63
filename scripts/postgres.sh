#!/usr/bin/env bash
# Installs (Debian's PostgreSQL 15) and starts a local server for the test suite, creates the
# role and database `kring_test`, and prints its DATABASE_URL. Idempotent.
# Usage: scripts/postgres.sh url   (KRING_PG_DB=name for another database than `kring`)
set -euo pipefail
ROLE=kring
PASSWORD=kring-test-only
DB=${KRING_PG_DB:-kring}  # scripts/serve.sh uses its own database
PORT=${KRING_PG_PORT:-5432}

log() { echo "postgres.sh: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    log "PostgreSQL is not installed; run: sudo apt-get install -y postgresql"; exit 1
  fi
  log "installing PostgreSQL"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
VERSION=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$VERSION" ]; then
  log "no PostgreSQL cluster found"; exit 1
fi
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  log "starting cluster $VERSION/main"
  pg_ctlcluster "$VERSION" main start >&2
fi
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -p $PORT" && break
  sleep 1
done
su postgres -c "psql -p $PORT -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$ROLE'\"" | grep -q 1 ||
  su postgres -c "psql -p $PORT -qc \"CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'\"" >&2
su postgres -c "psql -p $PORT -tAc \"SELECT 1 FROM pg_database WHERE datname='$DB'\"" | grep -q 1 ||
  su postgres -c "psql -p $PORT -qc \"CREATE DATABASE $DB OWNER $ROLE\"" >&2
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
