"""Bronze rows to silver rows: typed, one row per (location_key, ts_utc), implausible values nulled.

Nulling keeps the row (the other pollutants of that hour stay usable) and records which columns
were nulled in `nulled_columns`, so an analyst can tell "not measured" from "thrown out".
"""
from __future__ import annotations

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from jobs.common.lakehouse_tables import CONCENTRATION_COLUMNS

# Highest believable hourly value per column (µg/m³ unless noted): well above any recorded
# city-wide hour, far below sensor or API garbage such as 9999 or 1e30.
PLAUSIBLE_MAX: dict[str, float] = {
    "pm10": 2000.0,
    "pm2_5": 1500.0,
    "carbon_monoxide": 60000.0,
    "nitrogen_dioxide": 3000.0,
    "sulphur_dioxide": 3000.0,
    "ozone": 1500.0,
    "aerosol_optical_depth": 10.0,  # dimensionless
    "dust": 5000.0,
    "uv_index": 25.0,  # index
    "carbon_dioxide": 2000.0,  # ppm
}


def latest_per_hour(bronze: DataFrame) -> DataFrame:
    """One row per (location_key, ts_utc): the most recently ingested one."""
    order = Window.partitionBy("location_key", "ts_utc").orderBy(
        F.col("_ingested_at").desc_nulls_last(), F.col("request_url").desc_nulls_last()
    )
    return bronze.withColumn("_rank", F.row_number().over(order)).where("_rank = 1").drop("_rank")


def _is_implausible(column: str):
    value = F.col(column).cast("double")
    return value.isNotNull() & (F.isnan(value) | (value < 0) | (value > PLAUSIBLE_MAX[column]))


def null_implausible(df: DataFrame) -> DataFrame:
    nulled = F.array_compact(
        F.array(*[F.when(_is_implausible(c), F.lit(c)) for c in CONCENTRATION_COLUMNS])
    )
    cleaned = df.withColumn("nulled_columns", nulled)
    for column in CONCENTRATION_COLUMNS:
        value = F.col(column).cast("double")
        cleaned = cleaned.withColumn(column, F.when(_is_implausible(column), None).otherwise(value))
    return cleaned.withColumn("has_nulled_values", F.size("nulled_columns") > 0)


def bronze_to_silver(bronze: DataFrame) -> DataFrame:
    typed = bronze.where(F.col("location_key").isNotNull() & F.col("ts_utc").isNotNull()).select(
        F.col("location_key").cast("string").alias("location_key"),
        F.col("ts_utc").cast("timestamp").alias("ts_utc"),
        *[F.col(c).cast("double").alias(c) for c in CONCENTRATION_COLUMNS],
        F.col("api_latitude").cast("double").alias("api_latitude"),
        F.col("api_longitude").cast("double").alias("api_longitude"),
        F.col("request_url"),
        F.col("_ingested_at").cast("timestamp").alias("_ingested_at"),
    )
    deduplicated = null_implausible(latest_per_hour(typed))
    return deduplicated.select(
        "location_key",
        "ts_utc",
        F.to_date("ts_utc").alias("date_utc"),
        F.date_format("ts_utc", "yyyyMMdd").cast("int").alias("date_key"),
        F.hour("ts_utc").alias("time_key"),
        *CONCENTRATION_COLUMNS,
        "nulled_columns",
        "has_nulled_values",
        "api_latitude",
        "api_longitude",
        F.col("_ingested_at").alias("source_ingested_at"),
        F.current_timestamp().alias("_processed_at"),
    )
