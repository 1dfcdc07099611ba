#!/usr/bin/env bash
# A throw-away PostgreSQL for the store tests: Debian's server package, one cluster listening on
# 127.0.0.1 only, one user and database. Everything goes to stderr except the last line, so
#   eval "$(bash .ci/postgres.sh)"
# sets TXDOSE_TEST_PG_URL for the test run. Idempotent: a second run reuses the running cluster.
# Settings (optional): TXDOSE_PG_DIR (cluster folder), TXDOSE_PG_PORT.
set -euo pipefail

DATA=${TXDOSE_PG_DIR:-/tmp/txdose-pg}
PORT=${TXDOSE_PG_PORT:-54329}
DB_USER=txdose
DB_NAME=txdose
# A loopback-only test cluster: the password guards nothing of value, it only exercises the
# password path (scram-sha-256) a ward server uses.
DB_PASSWORD=txdose-ci

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

PGBIN=$(find_bin)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  log "installing the PostgreSQL server from the Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  PGBIN=$(find_bin)
fi
[ -x "$PGBIN/initdb" ] || { log "no initdb found under /usr/lib/postgresql"; exit 1; }

# The server refuses to run as root: run it as the postgres user when we are root.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  as_pg() { runuser -u postgres -- "$@"; }
  mkdir -p "$DATA"
  chown postgres: "$DATA"
else
  as_pg() { "$@"; }
  mkdir -p "$DATA"
fi
chmod 700 "$DATA"

if [ ! -f "$DATA/PG_VERSION" ]; then
  log "creating a cluster in $DATA"
  as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >&2
fi

if ! as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting the server on 127.0.0.1:$PORT"
  as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA" >&2
fi

psql_admin() {
  as_pg "$PGBIN/psql" -X -q -h "$DATA" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"
}

if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
  log "creating role $DB_USER"
  psql_admin -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" >&2
fi
# CREATEROLE: the two-roles test (tests/test_store_roles.py) makes a ward's owner and
# workstation roles of its own and drops them afterwards. Set on a reused cluster too.
psql_admin -c "ALTER ROLE $DB_USER CREATEROLE" >&2
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
  log "creating database $DB_NAME"
  psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2
fi

log "ready"
echo "export TXDOSE_TEST_PG_URL=postgresql+psycopg://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"
