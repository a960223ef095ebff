#!/usr/bin/env bash
# The project's submit command: runs a PySpark app with the venv's Spark, the Iceberg runtime and the
# lakehouse catalog `lh` configured. Two call forms:
#   scripts/spark_submit.sh [--dry-run] APP -- APP_ARGS...
#   scripts/spark_submit.sh [--dry-run] [spark-submit options...] APP APP_ARGS...
# The caller's options come after the wrapper's, so they win. --dry-run prints the command, one argv
# element per line, and runs nothing.
# Environment: SPARK_MASTER (default local[*]), WAREHOUSE_URI (default <project>/warehouse),
# SPARK_DRIVER_MEMORY (local masters, default 2g), PYSPARK_PYTHON (default the venv's python).
# On local masters the driver's young generation is capped at an eighth of its memory (see below).
# With --master yarn the `jobs` package is zipped and shipped with --py-files (client deploy mode:
# the driver reads config/ from this checkout; WAREHOUSE_URI must then be a cluster URI, e.g. hdfs://...).
# SPARK_YARN_ARCHIVE (e.g. hdfs://nn:8020/spark/spark-libs.zip, a zip of $SPARK_HOME/jars put there once)
# becomes spark.yarn.archive: without it every submit uploads Spark's 300 MB of jars to the cluster again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_PYTHON="$ROOT/.venv/bin/python"
SPARK_SUBMIT="$ROOT/.venv/bin/spark-submit"

# Whether a spark-submit option takes a value: every one of Spark 3.5's (SparkSubmitOptionParser), -c being
# the short --conf. Told apart so a value is never taken for an option or the app.
takes_value() {
  case "$1" in
    --archives | --class | --conf | -c | --deploy-mode | --driver-class-path | --driver-cores | \
      --driver-java-options | --driver-library-path | --driver-memory | --exclude-packages | --executor-cores | \
      --executor-memory | --files | --jars | --keytab | --kill | --master | --name | --num-executors | \
      --packages | --principal | --properties-file | --proxy-user | --py-files | --queue | --remote | \
      --repositories | --status | --total-executor-cores) return 0 ;;
    *) return 1 ;;
  esac
}

# A Spark size (2g, 2048m, 512M; a bare number is MiB) in MiB; fails for anything else.
mebibytes() {
  local size="${1,,}"
  [[ "$size" =~ ^([0-9]{1,9})([kmgt]?)b?$ ]] || return 1
  local number=$((10#${BASH_REMATCH[1]}))
  case "${BASH_REMATCH[2]}" in
    k) echo $((number / 1024)) ;;
    g) echo $((number * 1024)) ;;
    t) echo $((number * 1024 * 1024)) ;;
    *) echo "$number" ;;
  esac
}

dry_run=0
caller_driver_memory=""
caller_driver_memory_given=0
caller_options=()
caller_master=""
caller_jars=""
caller_archive=0
while (($# > 0)) && [[ "$1" == -* ]]; do
  option="$1"
  case "$option" in
    --dry-run) dry_run=1; shift; continue ;;
    --) shift; break ;;
  esac
  # As spark-submit reads them: a value option takes the next argument, whatever it looks like, or its value
  # after `=` (`--name=value`, not `-c=value`); anything else is passed on as it is.
  if [[ "$option" == --*=* ]] && takes_value "${option%%=*}"; then
    name="${option%%=*}"; value="${option#*=}"; shift
  elif takes_value "$option"; then
    (($# >= 2)) || { echo "spark_submit.sh: $option needs a value" >&2; exit 2; }
    name="$option"; value="$2"; shift 2
  else
    caller_options+=("$option"); shift; continue
  fi
  [[ "$name" == -c ]] && name=--conf
  [[ "$name" == --conf && "$value" == spark.yarn.archive=* ]] && caller_archive=1
  if [[ "$name" == --driver-memory ]]; then
    caller_driver_memory="$value"; caller_driver_memory_given=1
  elif [[ "$name" == --conf && "$value" == spark.driver.memory=* ]]; then
    caller_driver_memory="${value#*=}"; caller_driver_memory_given=1
  fi
  case "$name" in
    --master) caller_master="$value" ;;
    --jars) caller_jars="$value"; continue ;;  # merged with the Iceberg jar below
  esac
  caller_options+=("$name" "$value")
done

(($# > 0)) || { echo "usage: spark_submit.sh [--dry-run] [spark-submit options] APP [--] [APP_ARGS...]" >&2; exit 2; }
app="$1"; shift
[[ "${1-}" == "--" ]] && shift
app_args=("$@")
[[ "$app" == /* ]] || app="$PWD/$app"

shopt -s nullglob
iceberg_jars=("$ROOT"/jars/iceberg-spark-runtime-3.5_2.12-*.jar)
shopt -u nullglob
if ((${#iceberg_jars[@]} == 0)); then
  echo "spark_submit.sh: no Iceberg runtime jar in $ROOT/jars; run scripts/setup.sh" >&2
  exit 2
fi
jars="${iceberg_jars[-1]}${caller_jars:+,$caller_jars}"

master="${caller_master:-${SPARK_MASTER:-local[*]}}"
warehouse="${WAREHOUSE_URI:-$ROOT/warehouse}"

command=("$SPARK_SUBMIT")
[[ -n "$caller_master" ]] || command+=(--master "$master")
command+=(
  --jars "$jars"
  --conf spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions
  --conf spark.sql.catalog.lh=org.apache.iceberg.spark.SparkCatalog
  --conf spark.sql.catalog.lh.type=hadoop
  --conf "spark.sql.catalog.lh.warehouse=$warehouse"
  --conf spark.sql.session.timeZone=UTC
)
if [[ "$master" == local* ]]; then
  # As a conf, not --driver-memory, so a caller's --driver-memory or later --conf still wins.
  driver_memory="${SPARK_DRIVER_MEMORY:-2g}"
  command+=(--conf "spark.driver.memory=$driver_memory")
  # The local driver is the whole application, and G1 sizes its young generation by how fast it allocates: gold's
  # query planning and writes make gigabytes of short-lived garbage in bursts, every eden region once touched
  # stays resident, and a month's JVM peaked at 1.2 to 1.8 GB from one run to the next. With the young
  # generation capped at an eighth of the heap it peaked at 1.15 to 1.28 GB (bench/README.md, issue 15). What
  # varied after that was how far G1 grew the heap, which it does when its pauses take more than 1/(1+ratio) of
  # the time, and pause times follow the machine's load: with -XX:GCTimeRatio=1 it grows the heap for need, not
  # for speed (GC stayed under 5 % of the time). As spark.driver.defaultJavaOptions, which Spark puts before
  # spark.driver.extraJavaOptions: a caller's own options add to it, and theirs win.
  # The caller's driver memory, when given, even one this cannot read (empty leaves Spark to its own size):
  # then no cap, never one from our default.
  ((caller_driver_memory_given)) && driver_memory="$caller_driver_memory"
  if driver_mib=$(mebibytes "$driver_memory") && ((driver_mib / 8 >= 32)); then
    command+=(--conf "spark.driver.defaultJavaOptions=-XX:MaxNewSize=$((driver_mib / 8))m -XX:GCTimeRatio=1")
  fi
fi

jobs_zip=""
jobs_zip_dir=""
if [[ "$master" == yarn* ]]; then
  if ((dry_run)); then
    jobs_zip="${TMPDIR:-/tmp}/backfill-jobs-XXXXXX/jobs.zip"
  else
    jobs_zip_dir="$(mktemp -d "${TMPDIR:-/tmp}/backfill-jobs-XXXXXX")"
    trap 'rm -rf "$jobs_zip_dir"' EXIT
    trap 'exit 143' TERM
    jobs_zip="$jobs_zip_dir/jobs.zip"
    "$VENV_PYTHON" - "$ROOT" "$jobs_zip" <<'PY'
import sys, zipfile
from pathlib import Path
root, target = Path(sys.argv[1]), sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for path in sorted((root / "jobs").rglob("*.py")):
        inside = path.relative_to(root)
        if "__pycache__" not in inside.parts and inside.parts[1] != "tests":
            archive.write(path, inside)
PY
  fi
  command+=(--py-files "$jobs_zip")
  if [[ -n "${SPARK_YARN_ARCHIVE:-}" ]] && ((caller_archive == 0)); then
    command+=(--conf "spark.yarn.archive=$SPARK_YARN_ARCHIVE")
  fi
fi

command+=(${caller_options[@]+"${caller_options[@]}"} "$app" ${app_args[@]+"${app_args[@]}"})

if ((dry_run)); then
  printf '%s\n' "${command[@]}"
  exit 0
fi

# The venv's Spark, even when the operator's shell points SPARK_HOME at another installation.
shopt -s nullglob
venv_spark_homes=("$ROOT"/.venv/lib/python3*/site-packages/pyspark)
shopt -u nullglob
if ((${#venv_spark_homes[@]} == 0)); then
  echo "spark_submit.sh: pyspark is not installed in $ROOT/.venv; run scripts/setup.sh" >&2
  exit 2
fi
export SPARK_HOME="${venv_spark_homes[0]}"
# The apps import the `jobs` package from this checkout (on YARN, from the shipped jobs.zip).
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
# The cities and pollutants the jobs read by default (the driver may import the package from jobs.zip).
export BACKFILL_CONFIG_DIR="${BACKFILL_CONFIG_DIR:-$ROOT/config}"
export PYSPARK_PYTHON="${PYSPARK_PYTHON:-$VENV_PYTHON}"
export PYSPARK_DRIVER_PYTHON="${PYSPARK_DRIVER_PYTHON:-$PYSPARK_PYTHON}"
# A local run stays on loopback (driver, block manager and UI), whatever the hostname resolves to.
if [[ "$master" == local* ]]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
fi

if [[ -n "$jobs_zip_dir" ]]; then
  "${command[@]}"  # not exec: the temp zip is removed when spark-submit ends
else
  exec "${command[@]}"
fi
