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

# A Spark size in MiB, read as Spark reads spark.driver.memory (JavaUtils.byteStringAsMb, case-insensitive):
# b, k/kb, m/mb, g/gb, t/tb, p/pb, a bare number being MiB; bytes and KiB round down. Fails for anything else.
mebibytes() {
  local size="${1,,}" shift
  [[ "$size" =~ ^([0-9]{1,18})(b|k|kb|m|mb|g|gb|t|tb|p|pb)?$ ]] || return 1
  local number=$((10#${BASH_REMATCH[1]}))
  case "${BASH_REMATCH[2]}" in
    b) echo $((number / 1024 / 1024)); return 0 ;;
    k | kb) echo $((number / 1024)); return 0 ;;
    g | gb) shift=10 ;;
    t | tb) shift=20 ;;
    p | pb) shift=30 ;;
    *) shift=0 ;;
  esac
  ((number <= (1 << 62) >> shift)) || return 1
  echo $((number << shift))
}

# A master that runs the whole application in this JVM (SparkContext's local, local[N], local[*], local[N,F],
# local[*,F]); not local-cluster[...], whose executors are JVMs of their own.
is_local_master() {
  [[ "$1" =~ ^local(\[([0-9]+|\*)([[:space:]]*,[[:space:]]*[0-9]+)?\])?$ ]]
}

# spark.driver.memory as a Java properties file (spark-submit's --properties-file, spark-defaults.conf) sets it:
# `key value`, `key=value` or `key:value`, # and ! comments, a trailing backslash continuing the line, the last
# occurrence winning, the value trimmed as the launcher trims it. Read from the first MiB of a readable regular
# file only. Prints nothing when the file sets it to a value with an escape (a backslash) this does not decode;
# fails when the file cannot be read or does not set it (or sets it empty, which spark-submit skips).
properties_driver_memory() {
  local file="$1" found
  [[ -f "$file" && -r "$file" ]] || return 1
  found=$(head -c 1048576 -- "$file" 2>/dev/null | sed 's/\r$//' | tr '\r' '\n' | awk '
    {
      line = $0
      sub(/^[ \t\f]+/, "", line)
      if (!continued && (line == "" || line ~ /^[#!]/)) next
      if (continued) logical = logical line
      else logical = line
      continued = 0
      if (match(logical, /\\+$/) && RLENGTH % 2 == 1) {
        logical = substr(logical, 1, length(logical) - 1)
        continued = 1
        next
      }
      if (match(logical, /^spark\.driver\.memory([ \t\f]*[=:]|[ \t\f]|$)/)) {
        value = substr(logical, RLENGTH + 1)
        sub(/^[ \t\f]+/, "", value)
        sub(/[ \t\f\v]+$/, "", value)
        set = 1
      }
    }
    END {
      if (!set || value == "") exit 1
      print (value ~ /\\/ ? "" : value)
    }
  ') || return 1
  printf '%s\n' "$found"
}

# The venv's pyspark, the SPARK_HOME spark-submit runs with; fails when pyspark is not installed.
venv_spark_home() {
  local homes
  shopt -s nullglob
  homes=("$ROOT"/.venv/lib/python3*/site-packages/pyspark)
  shopt -u nullglob
  ((${#homes[@]} > 0)) || return 1
  echo "${homes[0]}"
}

dry_run=0
caller_driver_memory=""
caller_driver_memory_given=0
caller_properties_file=""
caller_properties_file_given=0
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
  # spark-submit's launcher, which starts a local driver's JVM with -Xmx, puts both in one map: the last wins.
  if [[ "$name" == --driver-memory ]]; then
    caller_driver_memory="$value"; caller_driver_memory_given=1
  elif [[ "$name" == --conf && "$value" == spark.driver.memory=* ]]; then
    caller_driver_memory="${value#*=}"; caller_driver_memory_given=1
  elif [[ "$name" == --properties-file ]]; then
    caller_properties_file="$value"; caller_properties_file_given=1
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
if is_local_master "$master"; then
  # The driver's memory as spark-submit's launcher sets -Xmx: the caller's --driver-memory or --conf
  # spark.driver.memory (the last given), else the properties file's (--properties-file, without one
  # spark-defaults.conf in $SPARK_CONF_DIR or the venv's Spark's conf/), else $SPARK_DRIVER_MEMORY, else ours.
  # Ours goes in as a conf, not --driver-memory, so a caller's --driver-memory or later --conf still wins; it
  # is left out when the properties file sets one, as a --conf would beat the file.
  driver_memory="${SPARK_DRIVER_MEMORY:-2g}"
  if ((caller_properties_file_given)); then
    properties_file="$caller_properties_file"
  else
    properties_file="${SPARK_CONF_DIR:-$(venv_spark_home 2>/dev/null || echo /nonexistent)/conf}/spark-defaults.conf"
  fi
  if ((caller_driver_memory_given == 0)) && file_driver_memory=$(properties_driver_memory "$properties_file"); then
    caller_driver_memory="$file_driver_memory"; caller_driver_memory_given=1
  else
    command+=(--conf "spark.driver.memory=$driver_memory")
  fi
  # The local driver is the whole application, and G1 sizes its young generation by how fast it allocates: gold's
  # query planning and writes make gigabytes of short-lived garbage in bursts, every eden region once touched
  # stays resident, and a month's JVM peaked at 1.2 to 1.8 GB from one run to the next. With the young
  # generation capped at an eighth of the heap it peaked at 1.15 to 1.28 GB (bench/README.md, issue 15). What
  # varied after that was how far G1 grew the heap, which it does when its pauses take more than 1/(1+ratio) of
  # the time, and pause times follow the machine's load: with -XX:GCTimeRatio=1 it grows the heap for need, not
  # for speed (GC stayed under 5 % of the time). As spark.driver.defaultJavaOptions, which Spark puts before
  # spark.driver.extraJavaOptions: a caller's own options add to it, and theirs win (a caller's own
  # spark.driver.defaultJavaOptions replaces this one).
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
if ! spark_home="$(venv_spark_home)"; then
  echo "spark_submit.sh: pyspark is not installed in $ROOT/.venv; run scripts/setup.sh" >&2
  exit 2
fi
export SPARK_HOME="$spark_home"
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
