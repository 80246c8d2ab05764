#!/usr/bin/env bash
# A city's list page (50 rows) under load, on a directory imported by import-sqlite.sh:
# loads the demo accounts into that database, logs in as 长沙 and runs wrk.
set -euo pipefail
BIN="${CARGO_TARGET_DIR:-target}/release/uplift"
WORK="${BENCH_DIR:-/tmp/uplift-bench}"
PORT="${PORT:-18090}"
export UPLIFT_DEMO_PASSWORD='Bench-Password-1'
"$BIN" demo --database-url "sqlite://$WORK/uplift.db" --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
# The search index loads in the background at start; measure after it, not beside it.
for _ in $(seq 1 150); do grep -q "search index loaded" "$WORK/serve.log" && break; sleep 0.2; done
login() {
  curl -s -o /dev/null -c - -d "username=$1&password=$UPLIFT_DEMO_PASSWORD" "http://127.0.0.1:$PORT/login" \
    | awk '/uplift_session/ {print $7}'
}
CITY=$(login city-430100)
PROVINCE=$(login province)
# Steady state: the first request of each list counts the city once (then remembered).
curl -s -o /dev/null -H "Cookie: uplift_session=$CITY" "http://127.0.0.1:$PORT/enterprises"
curl -s -o /dev/null -H "Cookie: uplift_session=$CITY" "http://127.0.0.1:$PORT/enterprises?industry=industry&size_class=small"
wrk -t2 -c32 -d15s --latency -H "Cookie: uplift_session=$CITY" "http://127.0.0.1:$PORT/enterprises"
wrk -t2 -c32 -d15s --latency -H "Cookie: uplift_session=$CITY" "http://127.0.0.1:$PORT/enterprises?industry=industry&size_class=small"
python3 "$(dirname "$0")/search.py" "http://127.0.0.1:$PORT" "$CITY"
python3 "$(dirname "$0")/search.py" "http://127.0.0.1:$PORT" "$PROVINCE"
# With the list's other filters, which the search index applies too.
python3 "$(dirname "$0")/search.py" "http://127.0.0.1:$PORT" "$CITY" "industry=industry&size_class=small"
python3 "$(dirname "$0")/search.py" "http://127.0.0.1:$PORT" "$PROVINCE" "eligible=false&failed_rule=main_revenue"
