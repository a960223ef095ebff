"""The bronze table: its name, columns and DDL (silver and gold live in tables_silver_gold.py)."""
from __future__ import annotations

from pyspark.sql import SparkSession
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
