#!/usr/bin/env bash
# Import a generated directory into a fresh PostgreSQL database, next to psql's \copy of
# the same file into a bare table. Needs a role that may create databases:
#   PGURL=postgres://user:password@127.0.0.1:5432 bench/import-postgres.sh [ROWS]
set -euo pipefail
ROWS="${1:-1000000}"
: "${PGURL:?set PGURL=postgres://user:password@host:port}"
BIN="${CARGO_TARGET_DIR:-target}/release/uplift"
WORK="${BENCH_DIR:-/tmp/uplift-bench}"
mkdir -p "$WORK"
[ -f "$WORK/dir-$ROWS.csv" ] || "$BIN" demo generate-directory --rows "$ROWS" --output "$WORK/dir-$ROWS.csv"
for run in 1 2 3; do
  for db in bench_copy bench_uplift; do
    psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $db" -qc "CREATE DATABASE $db"
  done
  psql "$PGURL/bench_copy" -qc "CREATE TABLE directory (uscc TEXT, name TEXT, division_code TEXT, industry TEXT,
    employees TEXT, operating_revenue TEXT, main_revenue TEXT, total_assets TEXT, operating_status TEXT,
    contact_name TEXT, contact_phone TEXT)"
  /usr/bin/time -f "psql copy:       %e s wall" \
    psql "$PGURL/bench_copy" -qc "\\copy directory FROM '$WORK/dir-$ROWS.csv' WITH (FORMAT csv, HEADER true)"
  # The same two indexes the directory needs, for a like-for-like second baseline.
  /usr/bin/time -f "psql indexes:    %e s wall" \
    psql "$PGURL/bench_copy" -qc "CREATE INDEX ON directory (uscc)" -qc "CREATE INDEX ON directory (division_code)"
  "$BIN" migrate --database-url "$PGURL/bench_uplift" >/dev/null 2>&1
  # The progress bar goes to stderr: keep it out of the figures, keep time's line.
  /usr/bin/time -o "$WORK/time.txt" -f "uplift import:   %e s wall, %M KiB peak" \
    "$BIN" import enterprises "$WORK/dir-$ROWS.csv" --database-url "$PGURL/bench_uplift" --data-dir "$WORK/data" >/dev/null 2>&1
  cat "$WORK/time.txt"
done
DATABASE_URL="$PGURL/bench_uplift" "$BIN" audit-log verify
