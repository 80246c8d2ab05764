#!/usr/bin/env bash
# Import a generated directory into a fresh SQLite database, next to sqlite3's own
# .import of the same file into a bare table. Usage: bench/import-sqlite.sh [ROWS]
set -euo pipefail
ROWS="${1:-1000000}"
BIN="${CARGO_TARGET_DIR:-target}/release/uplift"
WORK="${BENCH_DIR:-/tmp/uplift-bench}"
mkdir -p "$WORK"
[ -f "$WORK/dir-$ROWS.csv" ] || "$BIN" demo generate-directory --rows "$ROWS" --output "$WORK/dir-$ROWS.csv"
cat > "$WORK/bare.sql" <<SQL
CREATE TABLE directory (uscc TEXT, name TEXT, division_code TEXT, industry TEXT, employees TEXT,
  operating_revenue TEXT, main_revenue TEXT, total_assets TEXT, operating_status TEXT,
  contact_name TEXT, contact_phone TEXT);
.import --csv --skip 1 $WORK/dir-$ROWS.csv directory
SQL
for run in 1 2 3; do
  rm -f "$WORK/bare.db"
  /usr/bin/time -f "sqlite3 .import: %e s wall, %M KiB peak" sqlite3 "$WORK/bare.db" < "$WORK/bare.sql"
  rm -f "$WORK/uplift.db" "$WORK/uplift.db-wal" "$WORK/uplift.db-shm"
  /usr/bin/time -f "uplift import:   %e s wall, %M KiB peak" \
    "$BIN" import enterprises "$WORK/dir-$ROWS.csv" --database-url "sqlite://$WORK/uplift.db" --data-dir "$WORK/data" >/dev/null
done
