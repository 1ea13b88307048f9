#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at a private, throw-away PostgreSQL + PostGIS cluster
# (its own data directory and port, so the machine's shared cluster is left alone).
#   bash scripts/with-postgres.sh npm test
# Needs Debian's postgresql-15 and postgresql-15-postgis-3; run as root or as the postgres user.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: bash scripts/with-postgres.sh <command> [args...]" >&2; exit 2; }

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PG_BIN/initdb" ] || { echo "with-postgres: no PostgreSQL server binaries (apt-get install postgresql-15 postgresql-15-postgis-3)" >&2; exit 1; }
PORT=${PG_TEST_PORT:-55439}
DIR=$(mktemp -d /tmp/atlas-pg-XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DIR"

stop() { as_pg "'$PG_BIN/pg_ctl' -D '$DIR/data' -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap stop EXIT

as_pg "'$PG_BIN/initdb' -D '$DIR/data' -U postgres --auth=trust" >/dev/null
as_pg "'$PG_BIN/pg_ctl' -D '$DIR/data' -l '$DIR/log' -w -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null
as_pg "'$PG_BIN/psql' -h 127.0.0.1 -p $PORT -U postgres -qc 'CREATE DATABASE atlas_test'"
as_pg "'$PG_BIN/psql' -h 127.0.0.1 -p $PORT -U postgres -d atlas_test -qtc 'CREATE EXTENSION postgis; SELECT postgis_lib_version()'" \
	| sed 's/^ */with-postgres: PostGIS /'
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/atlas_test"
# Tests that run a cluster of their own (tests/server) use the same server programs.
export PG_BIN
echo "with-postgres: DATABASE_URL=$DATABASE_URL"
"$@"
