"""Writes fetched rows (a DataFrame of BRONZE_SCHEMA, one row per key: Spool.frame) into the bronze table,
always in ONE Iceberg commit per call."""
from __future__ import annotations

from datetime import date

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from jobs.common.lakehouse_tables import BRONZE_COLUMNS, BRONZE_TABLE, BRONZE_VARIABLES, ensure_bronze_table

KEY = ["location_key", "ts_utc"]


def _in_range(start: date, end: date):
    return F.col("date_utc").between(F.lit(start), F.lit(end))


def _carry_unfetched_variables(new: DataFrame, existing: DataFrame, fetched_variables: list[str]) -> DataFrame:
    """Keeps the stored values of variables this run did not ask the API for (a --pollutants subset),
    so overriding PM2.5 does not wipe ozone."""
    unfetched = [v for v in BRONZE_VARIABLES if v not in fetched_variables]
    if not unfetched:
        return new
    old = existing.select(*KEY, *[F.col(v).alias(f"_old_{v}") for v in unfetched]).dropDuplicates(KEY)
    joined = new.join(old, on=KEY, how="left")
    return joined.select(*[F.col(f"_old_{c}").alias(c) if c in unfetched else F.col(c) for c in BRONZE_COLUMNS])


def overwrite_range(
    spark: SparkSession,
    fetched: DataFrame,
    start: date,
    end: date,
    location_keys: list[str],
    fetched_variables: list[str],
) -> None:
    """Replaces the rows of the given locations in [start, end] with `fetched`. Rows of other locations in
    that range are rewritten unchanged and nothing outside the range is touched; one commit."""
    ensure_bronze_table(spark)
    in_range = spark.table(BRONZE_TABLE).where(_in_range(start, end))
    new = _carry_unfetched_variables(fetched, in_range, fetched_variables)
    other_locations = in_range.where(~F.col("location_key").isin(location_keys))
    replacement = new.select(*BRONZE_COLUMNS).unionByName(other_locations.select(*BRONZE_COLUMNS))
    replacement.writeTo(BRONZE_TABLE).overwrite(_in_range(start, end))


def append_missing(spark: SparkSession, fetched: DataFrame, start: date, end: date) -> int:
    """Appends only rows whose (location_key, ts_utc) is not stored yet; one commit (none when nothing is new)."""
    ensure_bronze_table(spark)
    stored_keys = spark.table(BRONZE_TABLE).where(_in_range(start, end)).select(*KEY)
    missing = fetched.join(stored_keys, on=KEY, how="left_anti").cache()
    try:
        count = missing.count()
        if count:
            missing.select(*BRONZE_COLUMNS).writeTo(BRONZE_TABLE).append()
        return count
    finally:
        missing.unpersist()
