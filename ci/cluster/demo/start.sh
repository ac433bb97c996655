#!/bin/sh
# Entry point of the demo service. One image serves every variant a drill needs;
# DEMO_FAULT picks a deliberately broken behaviour at deploy time, so each variant
# is its own Deployment revision:
#   none     healthy (default)
#   crash    exits 1 on start (CrashLoopBackOff)
#   unready  serves, but /healthz answers 503, so readiness never passes
#   http500  /healthz is fine, the application path answers 500
#   slow     the application path answers after DEMO_SLOW_SECONDS (default 3)
#   badconfig  cannot reach its "database" (DEMO_DB_URL must start with db://) and exits
# DEMO_DB_COLUMN (optional) makes it a database client: readiness and the application path read
# that column of the table users (v1 reads email) from the PostgreSQL named by PGHOST, PGPORT,
# PGDATABASE, PGUSER and PGPASSWORD (from a Secret), with the psql in the image; a query that
# fails (the column was renamed by a migration) is a 503 with PostgreSQL's error. DEMO_DB_WRITE
# (optional) is a statement it runs on every readiness probe, ready or not: a release that writes
# as it serves (the expand/contract v2 fills primary_email from email).
# DEMO_SLOW_CHECKOUT (optional) is a factor by which a release made only /cgi-bin/checkout slower
# (3: a canary whose checkout answers 3x slower than its baseline's, the rest as fast).
# Every application answer names the pod that served it in X-Served-By.
# DEMO_FLAG_FILE (optional) names a file the service reads on every request: when it
# says "on", the risky path is taken and the application answers 500 (a kill switch).
fault="${DEMO_FAULT:-none}"
version="$(cat /VERSION)"
echo "demo $version starting with fault=$fault"
case "$fault" in
  none|unready|http500|slow) ;;
  crash) echo "demo: crashing on start as asked (DEMO_FAULT=crash)"; exit 1 ;;
  badconfig)
    case "${DEMO_DB_URL:-db://demo}" in
      db://*) ;;
      *) echo "demo: cannot reach database at '${DEMO_DB_URL}'"; exit 2 ;;
    esac ;;
  *) echo "demo: unknown DEMO_FAULT '$fault'"; exit 3 ;;
esac
# CGI scripts read their settings from here rather than relying on httpd's environment.
cat >/tmp/demo.env <<ENV
DEMO_FAULT='$fault'
DEMO_VERSION='$version'
DEMO_SLOW_SECONDS='${DEMO_SLOW_SECONDS:-3}'
DEMO_SLOW_CHECKOUT='${DEMO_SLOW_CHECKOUT:-}'
DEMO_POD='$(hostname)'
DEMO_FLAG_FILE='${DEMO_FLAG_FILE:-/tmp/flags/risky-path}'
DEMO_DB_COLUMN='${DEMO_DB_COLUMN:-}'
DEMO_DB_WRITE='${DEMO_DB_WRITE:-}'
export PGHOST='${PGHOST:-}' PGPORT='${PGPORT:-5432}' PGDATABASE='${PGDATABASE:-}' PGUSER='${PGUSER:-}'
export PGPASSWORD='${PGPASSWORD:-}' PGCONNECT_TIMEOUT=2 PGAPPNAME='demo $version'
ENV
mkdir -p /tmp/flags
exec httpd -f -p "${DEMO_PORT:-8080}" -h /www
