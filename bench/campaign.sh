#!/usr/bin/env bash
# A campaign on a directory of 1,000,000 enterprises (run import-sqlite.sh first):
# the province opens a campaign, which re-screens the whole directory under the
# campaign's rules (timed from the job's own start and finish), then a city's candidate
# list (eligible enterprises of the campaign, paged) runs under wrk, through the API and
# as the page a city official sees.
set -euo pipefail
BIN="${CARGO_TARGET_DIR:-target}/release/uplift"
WORK="${BENCH_DIR:-/tmp/uplift-bench}"
PORT="${PORT:-18091}"
URL="http://127.0.0.1:$PORT"
DB="$WORK/uplift.db"
export UPLIFT_DEMO_PASSWORD='Bench-Password-1'
"$BIN" demo --database-url "sqlite://$DB" --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/campaign.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 1 100); do curl -sf "$URL/healthz" >/dev/null && break; sleep 0.2; done
for _ in $(seq 1 150); do grep -q "search index loaded" "$WORK/campaign.log" && break; sleep 0.2; done
token() {
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$UPLIFT_DEMO_PASSWORD\"}" "$URL/api/v1/tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
PROVINCE=$(token province)
CITY=$(token city-430100)
api() { curl -sf -H "Authorization: Bearer $1" -H 'Content-Type: application/json' "${@:2}"; }
# One campaign open at a time: close whatever the demo left open, then open a new one.
for id in $(api "$PROVINCE" "$URL/api/v1/campaigns" | python3 -c '
import json,sys
for c in json.load(sys.stdin)["items"]:
    if c["status"] == "open": print(c["id"])'); do
  api "$PROVINCE" -X POST "$URL/api/v1/campaigns/$id/close" >/dev/null
done
ID=$(api "$PROVINCE" -d '{"year":2027,"name":"bench","quota":300,"recommend_min":1,"recommend_max":60}' \
  "$URL/api/v1/campaigns" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
BEFORE=$(sqlite3 "$DB" "SELECT coalesce(max(id),0) FROM jobs WHERE kind='screening.rescreen'")
api "$PROVINCE" -X POST "$URL/api/v1/campaigns/$ID/open" >/dev/null
while :; do
  row=$(sqlite3 "$DB" "SELECT status, processed FROM jobs WHERE kind='screening.rescreen' AND id > $BEFORE ORDER BY id DESC LIMIT 1")
  case "$row" in done*|failed*|interrupted*) break ;; esac
  sleep 0.5
done
sqlite3 "$DB" "SELECT 'rescreen of ' || processed || ' enterprises: ' || status || ', ' ||
  printf('%.2f', (julianday(finished_at) - julianday(created_at)) * 86400) || ' s'
  FROM jobs WHERE kind='screening.rescreen' AND id > $BEFORE ORDER BY id DESC LIMIT 1"
# Steady state first (the first request counts the city's candidates once).
api "$CITY" "$URL/api/v1/campaigns/$ID/candidates" >/dev/null
wrk -t2 -c32 -d15s --latency -H "Authorization: Bearer $CITY" "$URL/api/v1/campaigns/$ID/candidates"
wrk -t2 -c32 -d15s --latency -H "Authorization: Bearer $CITY" "$URL/api/v1/campaigns/$ID/candidates?page=50"
PAGE="${CANDIDATE_PAGE:-/campaigns/$ID/candidates}"
SESSION=$(curl -s -o /dev/null -c - -d "username=city-430100&password=$UPLIFT_DEMO_PASSWORD" "$URL/login" \
  | awk '/uplift_session/ {print $7}')
if curl -sf -o /dev/null -H "Cookie: uplift_session=$SESSION" "$URL$PAGE"; then
  wrk -t2 -c32 -d15s --latency -H "Cookie: uplift_session=$SESSION" "$URL$PAGE"
else
  echo "no candidate page at $PAGE (set CANDIDATE_PAGE)"
fi
