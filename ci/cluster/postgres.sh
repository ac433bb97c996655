#!/usr/bin/env bash
# A throwaway PostgreSQL for migration drills: Debian's postgresql package, its own data directory,
# started on demand, stopped by `down` (and by `cluster.sh down`), nothing left running.
#
#   ci/cluster/postgres.sh up      initdb if needed, start, create the demo database; prints the env file
#   ci/cluster/postgres.sh down    stop the server and delete its data (the next `up` starts empty)
#   ci/cluster/postgres.sh status  exit 0 when the server answers
#   ci/cluster/postgres.sh env     the path of a file of PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD
#                                  and RBD_PODS_HOST (the bridge address pods use; empty without one)
#
# It listens on 127.0.0.1 and, when the local cluster's Docker bridge exists, on the bridge's own
# address so the cluster's pods reach it; pg_hba admits only loopback and the bridge's subnet, with
# passwords (scram-sha-256) generated at `up`. PostgreSQL refuses to run as root: as root the
# server runs as Debian's `postgres` user with its data under /var/tmp/rollback-drill (root's
# home is not readable by that user).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"

PG_VERSION="${RBD_PG_VERSION:-15}"
PG_BIN="${RBD_PG_BIN:-/usr/lib/postgresql/$PG_VERSION/bin}"
PG_PORT="${RBD_PG_PORT:-54329}"
PG_DB="${RBD_PG_DB:-demo}"
if [ "$(id -u)" = 0 ]; then
  PG_HOME="${RBD_PG_HOME:-/var/tmp/rollback-drill/postgres}"
  as_pg() { runuser -u postgres -- "$@"; }
else
  PG_HOME="${RBD_PG_HOME:-$RBD_STATE/postgres}"
  as_pg() { "$@"; }
fi
PG_DATA="$PG_HOME/data"
# Credentials and the env file live with the cluster's state (root-only when run as root).
PG_ENV="$RBD_STATE/postgres.env"

pg_say() { printf '[postgres] %s\n' "$*" >&2; }
pg_die() { printf '[postgres] error: %s\n' "$*" >&2; exit 1; }

running() { [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

admin_sql() { # sql [psql options...]: runs as the admin role over the server's own socket
  local sql="$1"; shift
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_HOME" -p "$PG_PORT" -U rbd_admin -d postgres "$@" -c "$sql"
}

cmd_up() {
  [ -x "$PG_BIN/postgres" ] || pg_die "$PG_BIN/postgres not found: run ci/cluster/install.sh (Debian's postgresql package)"
  local listen="127.0.0.1" bridge subnet
  bridge="$(bridge_ip)"
  subnet="$({ ip -4 -o route show dev docker0 proto kernel 2>/dev/null || true; } | awk '{print $1}' | head -1)"
  [ -n "$bridge" ] && listen="127.0.0.1,$bridge"
  if running; then
    if [ "$(cat "$PG_HOME/listen" 2>/dev/null)" = "$listen" ]; then
      pg_say "already running on ${listen//,/ and }:$PG_PORT (data $PG_DATA)"
      echo "$PG_ENV"
      return
    fi
    # The cluster's bridge appeared (or went) since the start: listen where the pods are.
    pg_say "restarting to listen on ${listen//,/ and }"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null
  fi
  mkdir -p "$PG_HOME" "$RBD_STATE"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_HOME" && chmod 700 "$PG_HOME"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    pg_say "creating a throwaway instance in $PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U rbd_admin --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$PG_HOME/initdb.log" 2>&1 || { tail -20 "$PG_HOME/initdb.log" >&2; pg_die "initdb failed"; }
  fi
  {
    echo "host all all 127.0.0.1/32 scram-sha-256"
    [ -n "$subnet" ] && echo "host all all $subnet scram-sha-256"
    echo "local all all trust"
  } | as_pg tee "$PG_DATA/pg_hba.conf" >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_HOME/server.log" -w -t 30 start -o \
    "-p $PG_PORT -k $PG_HOME -c listen_addresses=$listen -c shared_preload_libraries=pg_stat_statements \
     -c pg_stat_statements.track=all -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || { tail -20 "$PG_HOME/server.log" >&2; pg_die "the server did not start"; }
  echo "$listen" >"$PG_HOME/listen"
  if [ ! -f "$PG_ENV" ] || ! grep -q "PGPORT=$PG_PORT" "$PG_ENV"; then
    local pw
    pw="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    (umask 077 && printf 'PGHOST=127.0.0.1\nPGPORT=%s\nPGDATABASE=%s\nPGUSER=demo_app\nPGPASSWORD=%s\n' \
      "$PG_PORT" "$PG_DB" "$pw" >"$PG_ENV")
  fi
  # Where pods reach it: the bridge's address, when it listens there.
  sed -i '/^RBD_PODS_HOST=/d' "$PG_ENV"
  echo "RBD_PODS_HOST=$bridge" >>"$PG_ENV"
  local pw
  pw="$(sed -n 's/^PGPASSWORD=//p' "$PG_ENV")"
  if [ -z "$(admin_sql "SELECT 1 FROM pg_roles WHERE rolname = 'demo_app'" -tA)" ]; then
    # CREATEDB: each test makes a database of its own, so tests run side by side.
    admin_sql "CREATE ROLE demo_app LOGIN CREATEDB PASSWORD '$pw'"
    # In template1, so every database made here (the demo's, each test's) has pg_stat_statements.
    admin_sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -d template1
    admin_sql "CREATE DATABASE $PG_DB OWNER demo_app"
    admin_sql "GRANT pg_read_all_stats TO demo_app"
  fi
  pg_say "running on ${listen//,/ and }:$PG_PORT (database $PG_DB, user demo_app); credentials in $PG_ENV"
  echo "$PG_ENV"
}

cmd_down() {
  if running; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    pg_say "stopped"
  fi
  # Throwaway: the next `up` starts from an empty instance with new credentials.
  rm -rf "$PG_HOME" "$PG_ENV"
}

cmd_status() {
  if running && as_pg "$PG_BIN/pg_isready" -q -h "$PG_HOME" -p "$PG_PORT"; then
    pg_say "running on port $PG_PORT (data $PG_DATA); credentials in $PG_ENV"
    return 0
  fi
  pg_say "stopped"
  return 1
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) [ -f "$PG_ENV" ] || pg_die "not running: ci/cluster/postgres.sh up"; echo "$PG_ENV" ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
