#!/usr/bin/env bash
# Sets everything up (idempotent) and runs every test: type check, lint, unit, component and integration tests
# (vitest), the jobs' tests (pytest on local Spark), then the end-to-end tests (real spark-submit, Iceberg,
# the sample API on 127.0.0.1, the TUI in tmux). Ends with one "N passed, N failed" line over all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-tmux

# The tests' Spark jobs are small, so their JVMs start and warm up faster stopping at the C1 compiler (a small
# Iceberg job: 18 s against 26 s). Every spark-submit the tests start, pytest's included, reads it; the
# console's own runs keep the JVM's defaults.
export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:--XX:TieredStopAtLevel=1}"

reports=.tmp/test-reports
rm -rf "$reports" && mkdir -p "$reports"
status=0

step() { printf '\n== %s\n' "$1"; }

step "type check"
npx tsc -p tsconfig.json --noEmit || status=1

step "lint (eslint: typescript-eslint strict, react-hooks, the floors of src/; madge: no import cycles; ruff and mypy: the jobs)"
npx eslint . --max-warnings 0 || status=1
npm run --silent cycles || status=1
.venv/bin/ruff check jobs devtools scripts bench || status=1
.venv/bin/python -m mypy || status=1

step "unit, component and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json" || status=1

step "jobs tests (pytest, local Spark)"
.venv/bin/python -m pytest jobs/tests -q -p no:cacheprovider --junitxml="$reports/pytest.xml" || status=1

step "end-to-end tests (real spark-submit, Iceberg, sample API, tmux)"
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$reports/e2e.json" || status=1

node scripts/sum-test-reports.mjs "$reports" || status=1
exit "$status"
