#!/usr/bin/env bash
# Installs (if missing) and starts a local PostgreSQL server from the Debian packages, and creates the role and
# database that the bulk2-examples ERP sync tests use. Idempotent: safe to run again on a machine where it ran.
# Exports nothing; prints the JDBC URL it set up. The tests read BULK2_TEST_PG_URL (default: that URL) and
# BULK2_TEST_PG_USER / BULK2_TEST_PG_PASSWORD (default: bulk2 / bulk2). With CI=true a test run that cannot reach
# the database fails instead of skipping the PostgreSQL tests.
set -euo pipefail

PG_ROLE=bulk2
PG_PASSWORD=bulk2
PG_DB=bulk2_test
PG_PORT=5432

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "[postgres] installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION main"; then
  echo "[postgres] creating cluster $PG_VERSION/main"
  pg_createcluster "$PG_VERSION" main --port "$PG_PORT" >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
  echo "[postgres] starting cluster $PG_VERSION/main"
  pg_ctlcluster "$PG_VERSION" main start
fi
PG_PORT=$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $3}')

as_postgres() { runuser -u postgres -- "$@"; }
for _ in $(seq 1 30); do
  if as_postgres pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then break; fi
  sleep 1
done
as_postgres pg_isready -h 127.0.0.1 -p "$PG_PORT" >/dev/null

if [ "$(as_postgres psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" != "1" ]; then
  as_postgres psql -q -p "$PG_PORT" -c "CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD'"
fi
if [ "$(as_postgres psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
  as_postgres psql -q -p "$PG_PORT" -c "CREATE DATABASE $PG_DB OWNER $PG_ROLE"
fi

echo "[postgres] ready: jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB (user $PG_ROLE)"
