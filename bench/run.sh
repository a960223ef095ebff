#!/usr/bin/env bash
# Runs the benchmarks and prints one JSON line each. Figures and how to read them: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-tmux >/dev/null
node bench/runner-overhead.mjs
node bench/tui-flood.mjs
node bench/log-path.mjs
for extra in bench/chunks*.mjs; do [ -e "$extra" ] && node "$extra"; done
[ "${BENCH_CLUSTERS:-0}" = 1 ] && node bench/clusters.mjs
exit 0
