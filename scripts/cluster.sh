#!/usr/bin/env bash
# A real cluster on this machine, for the tests and for trying backfill as on the seed's deployment:
#   scripts/cluster.sh up standalone   Spark standalone: a master and a worker, the venv's own Spark (spark-class)
#   scripts/cluster.sh up yarn         Hadoop 3.3.4 from Maven Central: HDFS, a ResourceManager, a NodeManager
#   scripts/cluster.sh down [KIND]     stops it (all kinds when none is given)
#   scripts/cluster.sh status          what runs, and its shell lines
# `up` is idempotent: a cluster already up is left as it is. It ends with the lines to evaluate, e.g.
#   eval "$(scripts/cluster.sh up yarn)"
# which set BACKFILL_TEST_MASTER (and HADOOP_CONF_DIR, BACKFILL_TEST_WAREHOUSE for YARN). Everything it keeps
# (jars, configuration, logs, pids, data) is under .cluster/ (git-ignored). Progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.cluster"
PYTHON="$ROOT/.venv/bin/python"

say() { printf 'cluster: %s\n' "$*" >&2; }
die() { printf 'cluster: ERROR: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,10p' "$0" >&2; exit 2; }

[[ -x "$PYTHON" ]] || die "no .venv; run scripts/setup.sh first"
SPARK_HOME="$("$PYTHON" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
export SPARK_HOME

# N distinct free ports, held together while picked, from below the kernel's ephemeral range (32768-60999):
# a port bind(0) hands out there can be taken again by any outgoing connection (HDFS's own clients) before
# the daemon that was given it binds it, and two separate picks can return the same port.
free_ports() {
  "$PYTHON" - "$1" <<'PY'
import random, socket, sys
held = []
while len(held) < int(sys.argv[1]):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", random.randrange(20000, 32000)))
        held.append(s)
    except OSError:
        s.close()
print(" ".join(str(s.getsockname()[1]) for s in held))
PY
}
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Waits until `python -c CHECK` exits 0, up to $2 seconds.
wait_for() {
  local check="$1" seconds="$2" what="$3"
  for ((i = 0; i < seconds * 2; i++)); do
    "$PYTHON" -c "$check" 2>/dev/null && return 0
    sleep 0.5
  done
  die "$what did not come up within ${seconds}s; see the logs in $STATE"
}

# Starts a command in a session of its own, its output to a log, its pid to a file.
start_daemon() {
  local name="$1" dir="$2"
  shift 2
  setsid "$@" >"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
}

stop_daemon() {
  local pidfile="$1"
  [[ -f "$pidfile" ]] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# ---- Spark standalone -------------------------------------------------------------------------------------

standalone_exports() {
  local dir="$STATE/standalone"
  printf 'export BACKFILL_TEST_MASTER=spark://127.0.0.1:%s\n' "$(cat "$dir/master.port")"
  printf 'export BACKFILL_TEST_MASTER_UI=http://127.0.0.1:%s\n' "$(cat "$dir/master-ui.port")"
  printf 'export BACKFILL_SPARK_MASTER_UI=http://127.0.0.1:%s\n' "$(cat "$dir/master-ui.port")"
}

standalone_up() {
  local dir="$STATE/standalone"
  mkdir -p "$dir/work"
  if alive "$dir/master.pid" && alive "$dir/worker.pid"; then
    say "standalone: already up"
    standalone_exports
    return
  fi
  standalone_down
  mkdir -p "$dir/work"
  local port ui worker_ui
  read -r port ui worker_ui < <(free_ports 3)
  echo "$port" >"$dir/master.port"; echo "$ui" >"$dir/master-ui.port"
  export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$dir" PYSPARK_PYTHON="$PYTHON"
  say "standalone: master on 127.0.0.1:$port (UI $ui)"
  start_daemon master "$dir" "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$ui"
  wait_for "import json, urllib.request; json.load(urllib.request.urlopen('http://127.0.0.1:$ui/json/', timeout=2))" 60 "the standalone master"
  say "standalone: worker (2 cores, 3g)"
  start_daemon worker "$dir" "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port "$worker_ui" \
    --cores 2 --memory 3g --work-dir "$dir/work" "spark://127.0.0.1:$port"
  wait_for "import json, urllib.request, sys; sys.exit(0 if json.load(urllib.request.urlopen('http://127.0.0.1:$ui/json/', timeout=2)).get('aliveworkers', 0) >= 1 else 1)" 60 "the standalone worker"
  say "standalone: up"
  standalone_exports
}

standalone_down() {
  local dir="$STATE/standalone"
  stop_daemon "$dir/worker.pid"
  stop_daemon "$dir/master.pid"
}

standalone_status() {
  local dir="$STATE/standalone"
  if alive "$dir/master.pid" && alive "$dir/worker.pid"; then
    echo "standalone: up (master pid $(cat "$dir/master.pid"), worker pid $(cat "$dir/worker.pid"))" >&2
    standalone_exports
  else
    echo "standalone: down" >&2
  fi
}

# ---- YARN + HDFS --------------------------------------------------------------------------------------------
# shellcheck source=scripts/cluster/yarn.sh
source "$ROOT/scripts/cluster/yarn.sh"

command="${1:-}"
kind="${2:-}"
case "$command" in
  up)
    case "$kind" in
      standalone) standalone_up ;;
      yarn) yarn_up ;;
      *) usage ;;
    esac ;;
  down)
    case "$kind" in
      standalone) standalone_down ;;
      yarn) yarn_down ;;
      "") standalone_down; yarn_down ;;
      *) usage ;;
    esac
    say "down" ;;
  status) standalone_status; yarn_status ;;
  *) usage ;;
esac
