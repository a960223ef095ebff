#!/usr/bin/env bash
# Prepares a checkout: Node packages, the Python venv with PySpark, the Iceberg runtime jar and the
# built console. Idempotent: each step checks first and says "ok" when there is nothing to do.
#   scripts/setup.sh [--with-tmux]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ICEBERG_ARTIFACT="org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.0"
ICEBERG_JAR="jars/iceberg-spark-runtime-3.5_2.12-1.10.0.jar"
REQUIREMENTS="requirements.txt"

with_tmux=0
for arg in "$@"; do
  case "$arg" in
    --with-tmux) with_tmux=1 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "setup: unknown option $arg (known: --with-tmux)" >&2; exit 2 ;;
  esac
done

step() { printf 'setup: %-8s %s\n' "$1" "$2"; }
die() { printf 'setup: %-8s ERROR: %s\n' "$1" "$2" >&2; exit 1; }
is_root() { [[ "$(id -u)" == 0 ]]; }
apt_updated=0
can_apt() { is_root && command -v apt-get >/dev/null; }
apt_install() {
  local what="$1"
  shift
  is_root || die "$what" "$* missing and installing it needs root: apt-get install -y $*"
  command -v apt-get >/dev/null || die "$what" "$* missing and there is no apt-get; install $* yourself"
  if ((apt_updated == 0)); then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "$what" "apt-get update failed"
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null || die "$what" "apt-get install $* failed"
}

# Node >= 20
command -v node >/dev/null || die node "Node.js is not installed; install Node 20 or newer"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die node "Node $(node -v) is too old; install Node 20 or newer"
step node "ok ($(node -v))"

# Java >= 17 (Spark 3.5 runs on 8/11/17; the project is tested on 17); installed with apt when root on Debian
if ! command -v java >/dev/null; then
  can_apt || die java "Java is not installed; install Java 17 (Debian: apt-get install -y openjdk-17-jre-headless)"
  step java "apt-get install openjdk-17-jre-headless"
  apt_install java openjdk-17-jre-headless
fi
java_version="$(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"
java_major="${java_version%%.*}"
[[ "$java_major" == 1 ]] && java_major="$(cut -d. -f2 <<<"$java_version")"
[[ "$java_major" =~ ^[0-9]+$ ]] && ((java_major >= 17)) || die java "Java ${java_version:-unknown} found; install Java 17 or newer"
step java "ok ($java_version)"

# Node packages: install when missing or older than the lockfile
if [[ -f package-lock.json ]]; then
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    step npm "npm ci"
    # Some npm 11 setups write a lockfile without the other platforms' optional packages and then refuse it
    # in `npm ci`; `npm install --no-save` installs the same locked versions without touching the file.
    # No fallback to `npm install`: a lockfile that `npm ci` refuses is a defect to fix, not to hide.
    npm ci --no-audit --no-fund --loglevel=error ||
      die npm "npm ci refused package-lock.json; regenerate it with: rm -rf node_modules package-lock.json && npm install --package-lock-only"
    touch node_modules/.package-lock.json
  else
    step npm "ok (node_modules up to date)"
  fi
elif [[ ! -d node_modules ]]; then
  step npm "npm install (no lockfile)"
  npm install --no-audit --no-fund --loglevel=error
else
  step npm "ok (node_modules present)"
fi

# Python venv with the pinned packages
if [[ ! -x .venv/bin/python ]]; then
  python_bin="$(command -v python3.11 || true)"
  if [[ -z "$python_bin" ]] && command -v python3 >/dev/null && python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    python_bin="$(command -v python3)"
  fi
  if [[ -z "$python_bin" ]]; then
    can_apt || die venv "Python 3.11 is needed (python3.11 not found); install python3.11 with its venv module"
    step venv "apt-get install python3.11 python3.11-venv"
    apt_install venv python3.11 python3.11-venv
    python_bin="$(command -v python3.11)"
  fi
  step venv "creating .venv with $python_bin"
  "$python_bin" -m venv .venv
fi
requirements_met() {
  .venv/bin/python - "$REQUIREMENTS" <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, _, wanted = line.partition("==")
    try:
        if wanted and version(name) != wanted:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
}
if requirements_met; then
  step venv "ok ($(.venv/bin/python -c 'from importlib.metadata import version; print("pyspark", version("pyspark"))'))"
else
  step venv "pip install -r $REQUIREMENTS"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$REQUIREMENTS"
fi

# Maven: fetches the Iceberg jar here, and Hadoop's jars for scripts/cluster.sh up yarn
if command -v mvn >/dev/null; then
  step maven "ok"
else
  step maven "apt-get install maven"
  apt_install maven maven
fi

# Iceberg runtime jar, from the default Maven repositories
if [[ -s "$ICEBERG_JAR" ]]; then
  step jar "ok ($ICEBERG_JAR)"
else
  step jar "mvn dependency:copy $ICEBERG_ARTIFACT"
  mkdir -p jars
  mvn -B -q dependency:copy -Dartifact="$ICEBERG_ARTIFACT" -DoutputDirectory=jars
  [[ -s "$ICEBERG_JAR" ]] || die jar "maven finished but $ICEBERG_JAR is missing"
fi

# tmux, only when asked (the test command asks)
if ((with_tmux)); then
  if command -v tmux >/dev/null; then
    step tmux "ok ($(tmux -V))"
  else
    step tmux "apt-get install tmux"
    apt_install tmux tmux
  fi
fi

# Built console: rebuild when a source is newer than dist/cli.js
if [[ ! -f cli.tsx ]]; then
  step build "skipped (no cli.tsx yet)"
elif [[ ! -f dist/cli.js ]] || [[ -n "$(find cli.tsx src -newer dist/cli.js \( -name '*.ts' -o -name '*.tsx' \) -print -quit)" ]]; then
  step build "npm run build"
  npm run build --silent || die build "npm run build failed (see the errors above)"
else
  step build "ok (dist/cli.js up to date)"
fi

step done "ready"
