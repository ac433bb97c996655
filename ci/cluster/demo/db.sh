# Sourced by the CGI scripts: db_read prints the first row's DEMO_DB_COLUMN of users, or fails
# with PostgreSQL's error on stdout. Without DEMO_DB_COLUMN the demo uses no database.
db_read() {
  psql -X -q -t -A -v ON_ERROR_STOP=1 -c "SELECT $DEMO_DB_COLUMN FROM users ORDER BY id LIMIT 1" 2>&1
}

# db_write runs DEMO_DB_WRITE, the statement a release runs as it serves (a dual write).
db_write() {
  psql -X -q -t -A -v ON_ERROR_STOP=1 -c "$DEMO_DB_WRITE" 2>&1
}
