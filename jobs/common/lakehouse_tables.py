"""The lakehouse's Iceberg tables: names, DDL, and the one-commit overwrite silver and gold use.

Each logical change is one Iceberg commit: `overwrite_table` replaces the rows matching a
condition (all rows, a date range, some locations) with the new ones in a single snapshot,
so a job stopped mid-way leaves each table either as it was or fully rewritten.

Chunks of a stage run in parallel and commit to the same tables, each replacing its own range:
Iceberg retries a commit that lost the race on the new table state (`COMMIT_PROPERTIES`), and a
write that still fails on a conflict is done again from the start (`COMMIT_ATTEMPTS`). A data file
that straddles the range (written by a run chunked otherwise, e.g. a month file under a week chunk)
cannot be dropped by an overwrite-by-filter; then the range is first deleted with a copy-on-write
DELETE (the straddling files rewritten without it) and the overwrite done again: two commits.
"""
from __future__ import annotations

import time

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import DateType, DoubleType, StringType, StructField, StructType, TimestampType

from jobs.common.write_order import ensure_clustered_writes

BRONZE_NAMESPACE = "lh.bronze"
BRONZE_TABLE = f"{BRONZE_NAMESPACE}.open_meteo_hourly"

# Open-Meteo hourly variables stored by bronze, in column order.
BRONZE_VARIABLES = (
    "pm10",
    "pm2_5",
    "carbon_monoxide",
    "nitrogen_dioxide",
    "sulphur_dioxide",
    "ozone",
    "aerosol_optical_depth",
    "dust",
    "uv_index",
    "carbon_dioxide",
)

BRONZE_SCHEMA = StructType(
    [
        StructField("location_key", StringType()),
        StructField("ts_utc", TimestampType()),
        StructField("date_utc", DateType()),
        *[StructField(variable, DoubleType()) for variable in BRONZE_VARIABLES],
        StructField("api_latitude", DoubleType()),
        StructField("api_longitude", DoubleType()),
        StructField("request_url", StringType()),
        StructField("request_start_date", DateType()),
        StructField("request_end_date", DateType()),
        StructField("_ingested_at", TimestampType()),
    ]
)

BRONZE_COLUMNS = tuple(field.name for field in BRONZE_SCHEMA.fields)
# Each writing task gets whole days and writes them one file at a time (jobs/common/write_order.py).
BRONZE_WRITE_ORDER = ("date_utc", "location_key", "ts_utc")


def bronze_ddl() -> str:
    columns = ",\n  ".join(f"{field.name} {field.dataType.simpleString()}" for field in BRONZE_SCHEMA.fields)
    return f"CREATE TABLE IF NOT EXISTS {BRONZE_TABLE} (\n  {columns}\n) USING iceberg PARTITIONED BY (date_utc)"


def ensure_bronze_table(spark: SparkSession) -> None:
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {BRONZE_NAMESPACE}")
    spark.sql(bronze_ddl())
    ensure_clustered_writes(spark, BRONZE_TABLE, BRONZE_WRITE_ORDER)


SILVER_TABLE = "lh.silver.air_quality_hourly_clean"
DIM_LOCATION_TABLE = "lh.gold.dim_location"
DIM_POLLUTANT_TABLE = "lh.gold.dim_pollutant"
DIM_DATE_TABLE = "lh.gold.dim_date"
DIM_TIME_TABLE = "lh.gold.dim_time"
FACT_HOURLY_TABLE = "lh.gold.fact_air_quality_hourly"
FACT_DAILY_TABLE = "lh.gold.fact_city_daily"
FACT_EPISODE_TABLE = "lh.gold.fact_episode"

CONCENTRATION_COLUMNS: tuple[str, ...] = BRONZE_VARIABLES  # silver and gold keep bronze's measurements
_CONCENTRATIONS_DDL = ",\n  ".join(f"{name} double" for name in CONCENTRATION_COLUMNS)

_CATEGORY_HOURS_DDL = ",\n  ".join(
    f"hours_{name} int" for name in ("good", "moderate", "usg", "unhealthy", "very_unhealthy", "hazardous")
)

TABLE_DDL: dict[str, str] = {
    SILVER_TABLE: f"""(
  location_key string, ts_utc timestamp, date_utc date, date_key int, time_key int,
  {_CONCENTRATIONS_DDL},
  nulled_columns array<string>, has_nulled_values boolean,
  api_latitude double, api_longitude double, source_ingested_at timestamp, _processed_at timestamp
) USING iceberg PARTITIONED BY (date_utc)""",
    DIM_LOCATION_TABLE: """(
  location_key string, location_name string, latitude double, longitude double, timezone string
) USING iceberg""",
    DIM_POLLUTANT_TABLE: """(
  pollutant_code string, display_name string, unit string, aqi_timespan string, api_variable string, is_aqi boolean
) USING iceberg""",
    DIM_DATE_TABLE: """(
  date_key int, date date, year int, quarter int, month int, month_name string, day int,
  day_of_week int, day_name string, week_of_year int, is_weekend boolean
) USING iceberg""",
    DIM_TIME_TABLE: """(
  time_key int, hour int, label string, part_of_day string
) USING iceberg""",
    FACT_HOURLY_TABLE: f"""(
  location_key string, ts_utc timestamp, date_utc date, date_key int, time_key int,
  {_CONCENTRATIONS_DDL},
  pm25_nowcast double, pm10_nowcast double,
  us_aqi int, us_aqi_category string, dominant_pollutant string,
  vn_aqi int, vn_aqi_category string, vn_dominant_pollutant string,
  completeness double
) USING iceberg PARTITIONED BY (location_key, months(ts_utc))""",
    FACT_DAILY_TABLE: f"""(
  location_key string, date_utc date, date_key int,
  us_aqi int, us_aqi_category string, dominant_pollutant string,
  vn_aqi int, vn_aqi_category string, vn_dominant_pollutant string,
  {_CATEGORY_HOURS_DDL},
  hours_measured int, data_completeness double, pm25_24h_mean double, pm10_24h_mean double
) USING iceberg PARTITIONED BY (location_key)""",
    FACT_EPISODE_TABLE: """(
  episode_id string, location_key string, start_ts_utc timestamp, end_ts_utc timestamp, hours int,
  peak_us_aqi int, mean_us_aqi double, dominant_pollutant string, threshold int
) USING iceberg PARTITIONED BY (location_key)""",
}

# Every silver and gold table (silver first), and with bronze every table of the lakehouse.
SILVER_GOLD_TABLES: tuple[str, ...] = tuple(TABLE_DDL)
LAKEHOUSE_TABLES: tuple[str, ...] = (BRONZE_TABLE, *SILVER_GOLD_TABLES)

# The partitioned tables' write order: each writing task gets whole partitions and writes them one file
# at a time, however many partitions a range has (jobs/common/write_order.py).
WRITE_ORDER: dict[str, tuple[str, ...]] = {
    SILVER_TABLE: ("date_utc", "location_key", "ts_utc"),
    FACT_HOURLY_TABLE: ("location_key", "ts_utc"),
    FACT_DAILY_TABLE: ("location_key", "date_utc"),
    FACT_EPISODE_TABLE: ("location_key", "start_ts_utc"),
}


# Parallel chunks commit to one table: Iceberg re-applies a commit that lost the race up to this many times.
COMMIT_PROPERTIES: dict[str, str] = {
    "commit.retry.num-retries": "20",
    "commit.retry.min-wait-ms": "100",
    "commit.retry.max-wait-ms": "5000",
}
# Times a job does its whole write again when a conflict outlived Iceberg's own retries.
COMMIT_ATTEMPTS = 5
STRADDLING_FILE = "Cannot delete file where some, but not all, rows match filter"
CONFLICT_EXCEPTIONS = ("CommitFailedException", "ValidationException")


def ensure_table(spark: SparkSession, table: str) -> None:
    namespace = table.rsplit(".", 1)[0]
    try:
        spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {namespace}")
        spark.sql(f"CREATE TABLE IF NOT EXISTS {table} {TABLE_DDL[table]}")
    except Exception:  # noqa: BLE001 - a parallel chunk created it between the check and the create
        if not spark.catalog.tableExists(table):
            raise
    _ensure_commit_properties(spark, table)
    if table in WRITE_ORDER:
        ensure_clustered_writes(spark, table, WRITE_ORDER[table])


def _ensure_commit_properties(spark: SparkSession, table: str) -> None:
    jvm_table = spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, table)
    properties = jvm_table.properties()
    missing = {key: value for key, value in COMMIT_PROPERTIES.items() if properties.get(key) != value}
    if missing:
        pairs = ", ".join(f"'{key}' = '{value}'" for key, value in missing.items())
        spark.sql(f"ALTER TABLE {table} SET TBLPROPERTIES ({pairs})")


def table_exists(spark: SparkSession, table: str) -> bool:
    return spark.catalog.tableExists(table)


def _current_snapshot(spark: SparkSession, table: str):
    """The table's current Iceberg snapshot, read from metadata without running a Spark job."""
    jvm_table = spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, table)
    jvm_table.refresh()
    return jvm_table.currentSnapshot()


def _own_snapshot(spark: SparkSession, table: str, before_id: int | None):
    """The newest snapshot since `before_id` that this application committed (parallel chunks commit too)."""
    app_id = spark.sparkContext.applicationId
    snapshot = _current_snapshot(spark, table)
    jvm_table = spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, table)
    while snapshot is not None and snapshot.snapshotId() != before_id:
        if snapshot.summary().get("spark.app.id") in (None, app_id):
            return snapshot
        parent = snapshot.parentId()
        snapshot = None if parent is None else jvm_table.snapshot(parent)
    return None


def _is_conflict(exc: Exception) -> bool:
    text = f"{type(exc).__name__}: {exc}"
    return any(name in text for name in CONFLICT_EXCEPTIONS)


def overwrite_table(spark: SparkSession, df: DataFrame, table: str, condition: str | None = None) -> int:
    """Replace the rows of `table` matching `condition` (Spark SQL; all rows when None) with `df`, in one
    commit (two when a file straddles the condition, see the module's doc). Returns the rows written."""
    ensure_table(spark, table)
    target_columns = spark.table(table).columns
    delete_first = False
    for attempt in range(1, COMMIT_ATTEMPTS + 1):
        try:
            if delete_first:
                spark.sql(f"DELETE FROM {table} WHERE {condition}")
            before = _current_snapshot(spark, table)
            before_id = None if before is None else before.snapshotId()
            df.select(*target_columns).writeTo(table).overwrite(F.expr(condition) if condition else F.lit(True))
            break
        except Exception as exc:  # noqa: BLE001 - py4j wraps the JVM's exceptions; told apart by name and text
            if attempt == COMMIT_ATTEMPTS:
                raise
            if condition and STRADDLING_FILE in str(exc):
                delete_first = True
            elif _is_conflict(exc):
                time.sleep(0.5 * attempt)
            else:
                raise
    after = _own_snapshot(spark, table, before_id)
    return 0 if after is None else int(after.summary().getOrDefault("added-records", "0"))
