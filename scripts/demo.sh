#!/usr/bin/env bash
# Sets everything up (idempotent) and runs the main job: a real backfill of January 2024 for Hanoi,
# Ho Chi Minh City and Da Nang through bronze, silver and gold on local Spark, into the Iceberg
# warehouse warehouse/. The API is the project's sample server on 127.0.0.1 (this machine has no
# internet); pass DEMO_SAMPLE_API=0 to use the real Open-Meteo API.
# Extra arguments go to backfill, e.g. scripts/demo.sh --start-date 2024-01-01 --end-date 2024-03-31.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

if [ "${DEMO_SAMPLE_API:-1}" = "1" ]; then
  url_file=$(mktemp)
  .venv/bin/python -m devtools.sample_api.server --port 0 --port-file "$url_file" >/dev/null 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do [ -s "$url_file" ] && break; sleep 0.1; done
  export AIR_QUALITY_API_URL=$(cat "$url_file")
  export AIR_QUALITY_MIN_REQUEST_INTERVAL=${AIR_QUALITY_MIN_REQUEST_INTERVAL:-0.05}
  echo "demo: sample air-quality API at $AIR_QUALITY_API_URL"
fi

range=(--start-date 2024-01-01 --end-date 2024-01-31)
[ "$#" -gt 0 ] && range=()
status=0
if [ -t 1 ] && [ -t 0 ]; then
  node dist/cli.js "${range[@]}" --yes "$@" || status=$?
else
  node dist/cli.js "${range[@]}" --headless "$@" || status=$?
fi

# What the run did (its commits, rows per table, the data's coverage, how to roll it back), then every table's
# row count as it stands in the warehouse.
run_id=$(node dist/cli.js history --json | head -n 1 | node -e 'let t="";process.stdin.on("data",(c)=>(t+=c)).on("end",()=>{try{console.log(JSON.parse(t).id)}catch{}})')
[ -n "$run_id" ] && node dist/cli.js show "$run_id" || true
echo
echo "demo: rows in the warehouse now:"
scripts/spark_submit.sh devtools/table_stats.py -- 2>/dev/null | grep '^TABLE_STATS' | .venv/bin/python -c '
import json, sys
for line in sys.stdin:
    counts = json.loads(line.split(" ", 1)[1])["row_counts"]
    width = max(len(table) for table in counts)
    for table, rows in counts.items():
        print(f"  {table.ljust(width)}  {rows:>9,}" if rows is not None else f"  {table.ljust(width)}  (none)")
' || true
exit "$status"
