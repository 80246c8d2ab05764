#!/usr/bin/env bash
# Import a generated directory into a fresh PostgreSQL database, next to psql's \copy of
# the same file into a bare table. Needs a role that may create databases:
#   PGURL=postgres://user:password@127.0.0.1:5432 bench/import-postgres.sh [ROWS]
set -euo pipefail
# Keep "does not exist, skipping" notices out of the figures.
export PGOPTIONS="-c client_min_messages=warning"
ROWS="${1:-1000000}"
: "${PGURL:?set PGURL=postgres://user:password@host:port}"
BIN="${CARGO_TARGET_DIR:-target}/release/uplift"
WORK="${BENCH_DIR:-/tmp/uplift-bench}"
mkdir -p "$WORK"
# The columns uplift's import writes, in its COPY order.
# (One line: psql's \copy ends at a line break.)
COLS="uscc, name, province_code, prefecture_code, division_code, industry, employees, operating_revenue, main_revenue, total_assets, operating_status, contact_name, contact_phone, size_class, eligible, failed_rules, screened_at, created_at, updated_at"
# Wall time, and the CPU time of the whole machine meanwhile (both cores, PostgreSQL's
# backends included): on two cores no import can take less wall time than half its CPU.
HZ=$(getconf CLK_TCK)
busy() { awk -v hz="$HZ" '/^cpu /{printf "%.2f", ($2+$3+$4+$7+$8)/hz}' /proc/stat; }
measure() {
  local label=$1 b0 t0 b1 t1
  shift
  b0=$(busy); t0=$(date +%s.%N)
  "$@"
  b1=$(busy); t1=$(date +%s.%N)
  awk -v l="$label:" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" -v c="$(awk -v a="$b0" -v b="$b1" 'BEGIN{print b-a}')" \
    'BEGIN{printf "%-16s %5.2f s wall, %5.2f CPU-s\n", l, w, c}'
}
quiet() { "$@" >/dev/null 2>&1; }
[ -f "$WORK/dir-$ROWS.csv" ] || "$BIN" demo generate-directory --rows "$ROWS" --output "$WORK/dir-$ROWS.csv"
for run in 1 2 3; do
  for db in bench_copy bench_uplift; do
    psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $db" -qc "CREATE DATABASE $db"
  done
  psql "$PGURL/bench_copy" -qc "CREATE TABLE directory (uscc TEXT, name TEXT, division_code TEXT, industry TEXT,
    employees TEXT, operating_revenue TEXT, main_revenue TEXT, total_assets TEXT, operating_status TEXT,
    contact_name TEXT, contact_phone TEXT)"
  measure "psql copy" \
    psql "$PGURL/bench_copy" -qc "\\copy directory FROM '$WORK/dir-$ROWS.csv' WITH (FORMAT csv, HEADER true)"
  # The same two indexes the directory needs, for a like-for-like second baseline.
  measure "psql indexes" \
    psql "$PGURL/bench_copy" -qc "CREATE INDEX ON directory (uscc)" -qc "CREATE INDEX ON directory (division_code)"
  "$BIN" migrate --database-url "$PGURL/bench_uplift" >/dev/null 2>&1
  # The progress bar goes to stderr: keep it out of the figures (time writes to a file).
  measure "uplift import" quiet /usr/bin/time -o "$WORK/time.txt" -f "%M KiB" \
    "$BIN" import enterprises "$WORK/dir-$ROWS.csv" --database-url "$PGURL/bench_uplift" --data-dir "$WORK/data"
  echo "                 uplift's peak memory: $(cat "$WORK/time.txt")"
  # PostgreSQL's own share of that import, with no uplift work at all: COPY of the very
  # rows uplift stored (dumped from this run's import) into a freshly migrated, empty
  # directory, then the same three index builds side by side with the same sort memory.
  # No importer that stores these rows and indexes can be faster on this machine.
  psql "$PGURL/bench_uplift" -qc "\\copy (SELECT $COLS FROM enterprises ORDER BY id) TO '$WORK/floor.bin' WITH (FORMAT binary)"
  psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS bench_floor" -qc "CREATE DATABASE bench_floor"
  "$BIN" migrate --database-url "$PGURL/bench_floor" >/dev/null 2>&1
  # As a bulk load does: the two indexes, the primary key and its foreign keys go first.
  mapfile -t INDEXES < <(psql "$PGURL/bench_floor" -Atc "SELECT indexdef FROM pg_indexes
    WHERE indexname IN ('idx_enterprises_uscc', 'idx_enterprises_prefecture', 'enterprises_pkey')")
  psql "$PGURL/bench_floor" -qc "DROP INDEX idx_enterprises_uscc" -qc "DROP INDEX idx_enterprises_prefecture" \
    -qc "ALTER TABLE enterprises DROP CONSTRAINT enterprises_pkey CASCADE"
  measure "postgres floor" bash -c '
    psql "$1" -qc "\\copy enterprises ($2) FROM '"'"'$3'"'"' WITH (FORMAT binary)" &&
    for def in "${@:4}"; do
      psql "$1" -qc "SET maintenance_work_mem = '"'"'256MB'"'"'" -qc "$def" &
    done && wait' _ "$PGURL/bench_floor" "$COLS" "$WORK/floor.bin" "${INDEXES[@]}"
done
DATABASE_URL="$PGURL/bench_uplift" "$BIN" audit-log verify
